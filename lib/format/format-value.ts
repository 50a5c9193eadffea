/** How a unit string is shown. Metric units are free text; these are the families the UI knows. */
export type UnitKind = "number" | "percent" | "currency" | "duration" | "bytes";

const CURRENCY: Record<string, string> = { currency: "USD", usd: "USD", "$": "USD", eur: "EUR", "€": "EUR", gbp: "GBP", "£": "GBP" };

export function unitKind(unit: string | null | undefined): UnitKind {
  const u = (unit ?? "").trim().toLowerCase();
  if (u === "percent" || u === "%" || u === "pct") return "percent";
  if (u in CURRENCY) return "currency";
  if (["ms", "s", "sec", "seconds", "milliseconds", "duration", "us", "µs", "ns"].includes(u)) return "duration";
  if (["bytes", "byte", "b", "kb", "mb", "gb"].includes(u)) return "bytes";
  return "number";
}

/** Significant rounding: 3 digits for small values, none wasted on large ones. */
function round(value: number, maxDecimals = 2): string {
  const abs = Math.abs(value);
  const decimals = abs >= 100 ? 0 : abs >= 10 ? Math.min(1, maxDecimals) : Math.min(2, maxDecimals);
  const fixed = value.toFixed(decimals);
  return decimals > 0 ? fixed.replace(/\.?0+$/, "") : fixed;
}

const COMPACT: [number, string][] = [
  [1e12, "T"],
  [1e9, "B"],
  [1e6, "M"],
  [1e3, "k"],
];

export function formatNumber(value: number, options: { compact?: boolean } = {}): string {
  const abs = Math.abs(value);
  if (options.compact !== false && abs >= 10_000) {
    for (const [size, suffix] of COMPACT) {
      if (abs >= size) return `${round(value / size)}${suffix}`;
    }
  }
  if (abs >= 1000) return Math.round(value).toLocaleString("en-US");
  if (abs > 0 && abs < 0.01) return String(Number(value.toPrecision(2)));
  return round(value);
}

function formatDuration(value: number, unit: string): string {
  const u = unit.trim().toLowerCase();
  const factor = u === "s" || u === "sec" || u === "seconds" ? 1000 : u === "us" || u === "µs" ? 0.001 : u === "ns" ? 1e-6 : 1;
  const ms = value * factor;
  const abs = Math.abs(ms);
  if (abs === 0) return "0 ms";
  if (abs < 1) return `${round(ms * 1000)} µs`;
  if (abs < 1000) return `${round(ms)} ms`;
  if (abs < 60_000) return `${round(ms / 1000)} s`;
  if (abs < 3_600_000) return `${round(ms / 60_000, 1)} min`;
  if (abs < 86_400_000) return `${round(ms / 3_600_000, 1)} h`;
  return `${round(ms / 86_400_000, 1)} d`;
}

const BYTE_UNITS = ["B", "KB", "MB", "GB", "TB", "PB"];

function formatBytes(value: number, unit: string): string {
  const start = Math.max(0, ["b", "kb", "mb", "gb"].indexOf(unit.trim().toLowerCase()));
  let v = value;
  let i = start;
  while (Math.abs(v) >= 1024 && i < BYTE_UNITS.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${i === 0 ? Math.round(v) : round(v, 1)} ${BYTE_UNITS[i]}`;
}

function formatCurrency(value: number, unit: string): string {
  const code = CURRENCY[unit.trim().toLowerCase()] ?? "USD";
  const abs = Math.abs(value);
  if (abs >= 100_000) {
    const symbol = new Intl.NumberFormat("en-US", { style: "currency", currency: code }).formatToParts(0).find((p) => p.type === "currency")?.value ?? "";
    return `${value < 0 ? "-" : ""}${symbol}${formatNumber(abs)}`;
  }
  const decimals = abs >= 1000 ? 0 : 2;
  return new Intl.NumberFormat("en-US", { style: "currency", currency: code, minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
}

/** A value as people read it on a dashboard: "1.2M", "45.3%", "$1,204", "230 ms", "1.5 GB". */
export function formatValue(value: number | null | undefined, unit?: string | null): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  if (!Number.isFinite(value)) return value > 0 ? "∞" : "-∞";
  switch (unitKind(unit)) {
    case "percent":
      return `${round(value, 1)}%`;
    case "currency":
      return formatCurrency(value, unit ?? "");
    case "duration":
      return formatDuration(value, unit ?? "ms");
    case "bytes":
      return formatBytes(value, unit ?? "bytes");
    default:
      return formatNumber(value);
  }
}

/** "+12.5%", "-3%", "0%"; null when there is nothing to compare with. */
export function formatChange(change: number | null | undefined): string | null {
  if (change === null || change === undefined || !Number.isFinite(change)) return null;
  const sign = change > 0 ? "+" : change < 0 ? "−" : "";
  return `${sign}${round(Math.abs(change), 1)}%`;
}
