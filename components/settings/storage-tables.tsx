import { formatValue, formatNumber } from "@/lib/format/format-value";
import type { StorageTableStats } from "@/lib/storage/storage-stats";

export type StorageTableRow = StorageTableStats;

const KIND_LABEL: Record<StorageTableRow["kind"], string> = { raw: "Raw", packed: "Raw, packed", rollup: "Rollup" };
const TIER_LABEL: Record<StorageTableRow["tier"], string> = { raw: "", "1m": "1 minute", "1h": "1 hour", "1d": "1 day" };
const bytes = (n: number) => formatValue(n, "bytes");

/** Storage used per table of the instance, with indexes and TOAST; compressed chunks as stored. */
export function StorageTables({ tables, totalBytes, path }: { tables: StorageTableRow[]; totalBytes: number; path: "timescaledb" | "postgres" }) {
  return (
    <table className="list leaderboard" aria-label="Storage per table">
      <thead>
        <tr>
          <th>Table</th><th>Holds</th><th className="num">Size</th><th className="num">{path === "timescaledb" ? "Chunks" : "Partitions"}</th>
          <th className="num">Rows (est.)</th><th>Oldest from</th><th>Compression</th>
        </tr>
      </thead>
      <tbody>
        {tables.map((t) => (
          <tr key={t.name} data-testid="storage-table-row" data-table={t.name} data-bytes={t.bytes}>
            <td><code>{t.name}</code></td>
            <td className="small">{KIND_LABEL[t.kind]}{t.tier !== "raw" && `, ${TIER_LABEL[t.tier]}`}</td>
            <td className="num">{bytes(t.bytes)}</td>
            <td className="num">{t.segments > 0 ? formatNumber(t.segments, { compact: false }) : "–"}</td>
            <td className="num">{t.rows === null ? "–" : formatNumber(t.rows)}</td>
            <td className="small">{t.oldest ? t.oldest.slice(0, 10) : "–"}</td>
            <td className="small">
              {t.compression
                ? `${formatNumber(t.compression.chunks, { compact: false })} chunks: ${bytes(t.compression.beforeBytes)} → ${bytes(t.compression.afterBytes)}`
                : "–"}
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr><td colSpan={2}>Total</td><td className="num" data-testid="storage-total">{bytes(totalBytes)}</td><td colSpan={4} /></tr>
      </tfoot>
    </table>
  );
}
