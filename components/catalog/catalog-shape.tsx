import { formatNumber } from "@/lib/format/format-value";

/** Values shown per tag or property key; the rest are counted, not listed. */
const TOP_VALUES = 5;

export interface TagShape {
  key: string;
  distinctCount: number;
  values: { value: string; count: number }[];
}

export interface PropertyShape {
  key: string;
  type: string;
  samples: unknown[];
  distinctCount?: number;
}

const sampleText = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v) ?? String(v));

/** A metric's tag keys: how many values each has (its share of the series count) and the most common. */
export function TagTable({ tags }: { tags: TagShape[] }) {
  if (tags.length === 0) return <p className="muted">No tags: every point of this metric is one series.</p>;
  return (
    <table className="list catalog-shape" aria-label="Tags">
      <thead><tr><th>Tag</th><th className="num">Values</th><th>Most common (series)</th></tr></thead>
      <tbody>
        {tags.map((t) => (
          <tr key={t.key} data-tag={t.key}>
            <td><code className="catalog-name">{t.key}</code></td>
            <td className="num" data-testid="distinct-count">{formatNumber(t.distinctCount, { compact: false })}</td>
            <td>
              <ul className="catalog-values">
                {t.values.slice(0, TOP_VALUES).map((v) => (
                  <li key={v.value}><code title={v.value}>{v.value}</code> <span className="muted small">{formatNumber(v.count)}</span></li>
                ))}
                {t.distinctCount > TOP_VALUES && <li className="muted small">and {formatNumber(t.distinctCount - Math.min(TOP_VALUES, t.values.length), { compact: false })} more</li>}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** An event's property keys with their JSON type, distinct values when known, and recent samples. */
export function PropertyTable({ properties }: { properties: PropertyShape[] }) {
  if (properties.length === 0) return <p className="muted">No properties in recent events of this name.</p>;
  return (
    <table className="list catalog-shape" aria-label="Properties">
      <thead><tr><th>Property</th><th>Type</th><th className="num">Values</th><th>Recent values</th></tr></thead>
      <tbody>
        {properties.map((p) => (
          <tr key={p.key} data-property={p.key}>
            <td><code className="catalog-name">{p.key}</code></td>
            <td><span className="badge">{p.type}</span></td>
            <td className="num" data-testid="distinct-count">{p.distinctCount === undefined ? <span className="muted">–</span> : formatNumber(p.distinctCount, { compact: false })}</td>
            <td>
              <ul className="catalog-values">
                {p.samples.slice(0, TOP_VALUES).map((v, i) => <li key={i}><code title={sampleText(v)}>{sampleText(v)}</code></li>)}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
