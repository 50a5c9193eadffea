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

/**
 * The ticks ECharts puts on a value axis that includes zero (its default): `splitNumber`
 * steps of a round size (1, 2, 3 or 5 × 10^k), from a multiple of it below the data to one above.
 */
export function niceTicks(values: number[], splitNumber = 5): number[] {
  const finite = values.filter(Number.isFinite);
  let lo = Math.min(0, ...finite);
  let hi = Math.max(0, ...finite);
  if (lo === hi) hi = lo + 1;
  const raw = (hi - lo) / splitNumber;
  const exp10 = 10 ** Math.floor(Math.log10(raw));
  const f = raw / exp10;
  const step = (f < 1.5 ? 1 : f < 2.5 ? 2 : f < 4 ? 3 : f < 7 ? 5 : 10) * exp10;
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  const round = (x: number) => Number(x.toFixed(Math.min(20, decimals)));
  lo = round(Math.floor(lo / step) * step);
  hi = round(Math.ceil(hi / step) * step);
  const ticks: number[] = [];
  for (let t = lo; t <= hi + step / 2 && ticks.length < 100; t = round(t + step)) ticks.push(t);
  return ticks;
}

/** The fewest decimals (at most 6) that show every number exactly. */
function decimalsFor(numbers: number[]): number {
  for (let d = 0; d < 6; d++) {
    if (numbers.every((n) => Math.abs(n * 10 ** d - Math.round(n * 10 ** d)) < 1e-6 * Math.max(1, Math.abs(n * 10 ** d)))) return d;
  }
  return 6;
}

const fixed = (n: number, d: number) => (Object.is(n, -0) ? 0 : n).toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });

const DURATION_STEPS: [number, string][] = [
  [86_400_000, "d"],
  [3_600_000, "h"],
  [60_000, "min"],
  [1000, "s"],
  [1, "ms"],
  [0.001, "µs"],
];

/** How one axis writes its numbers: one divisor, one suffix, one count of decimals for every tick. */
function axisStyle(ticks: number[], unit: string | null | undefined): { divisor: number; prefix: string; suffix: string; cents?: boolean } {
  const u = (unit ?? "").trim().toLowerCase();
  const top = Math.max(0, ...ticks.map(Math.abs).filter(Number.isFinite));
  switch (unitKind(unit)) {
    case "percent":
      return { divisor: 1, prefix: "", suffix: "%" };
    case "currency": {
      const code = CURRENCY[u] ?? "USD";
      const symbol = new Intl.NumberFormat("en-US", { style: "currency", currency: code }).formatToParts(0).find((p) => p.type === "currency")?.value ?? "";
      const compact = top >= 100_000 ? COMPACT.find(([size]) => top >= size) : undefined;
      return { divisor: compact?.[0] ?? 1, prefix: symbol, suffix: compact?.[1] ?? "", cents: !compact };
    }
    case "duration": {
      const factor = u === "s" || u === "sec" || u === "seconds" ? 1000 : u === "us" || u === "µs" ? 0.001 : u === "ns" ? 1e-6 : 1;
      // Ticks are round in the metric's unit: prefer the largest unit that keeps them round (s over min).
      const fits = DURATION_STEPS.filter(([s]) => top * factor >= s);
      const [size, name] = fits.find(([s]) => decimalsFor(ticks.map((t) => (t * factor) / s)) <= 2) ?? fits[0] ?? [1, "ms"];
      return { divisor: size / factor, prefix: "", suffix: ` ${name}` };
    }
    case "bytes": {
      const start = Math.max(0, ["b", "kb", "mb", "gb"].indexOf(u));
      let i = start;
      while (i < BYTE_UNITS.length - 1 && top / 1024 ** (i - start) >= 1024) i += 1;
      return { divisor: 1024 ** (i - start), prefix: "", suffix: ` ${BYTE_UNITS[i]}` };
    }
    default: {
      const compact = top >= 10_000 ? COMPACT.find(([size]) => top >= size) : undefined;
      return { divisor: compact?.[0] ?? 1, prefix: "", suffix: compact?.[1] ?? "" };
    }
  }
}

/**
 * A formatter for one axis: every tick gets the same unit style and the same number of
 * decimals ("$0, $500, $1,000", "0.0k, 2.5k, 5.0k"), chosen from the ticks the axis will show
 * (niceTicks). A value those decimals cannot show (an axis rescaled by a zoom) gets more.
 */
export function axisFormatter(ticks: number[], unit?: string | null): (value: number) => string {
  const style = axisStyle(ticks, unit);
  const scaledTicks = ticks.map((t) => t / style.divisor);
  const steps = scaledTicks.slice(1).map((t, i) => Math.abs(t - scaledTicks[i])).filter((d) => d > 0);
  const step = steps.length > 0 ? Math.min(...steps) : 1;
  // Exact when a few decimals can be (0.25 → 2); else enough to tell ticks apart (0.286 MB steps → 2).
  const stepDecimals = Math.min(6, Math.max(0, Math.ceil(-Math.log10(step)) + 1));
  const exactTicks = decimalsFor(scaledTicks) <= stepDecimals;
  const exact = Math.min(decimalsFor(scaledTicks), stepDecimals);
  // Money with a fraction shows cents ($0.50, not $0.5).
  const decimals = style.cents && exact > 0 ? Math.max(2, exact) : exact;
  return (value) => {
    if (typeof value !== "number" || Number.isNaN(value)) return "–";
    if (!Number.isFinite(value)) return value > 0 ? "∞" : "-∞";
    const scaled = value / style.divisor;
    // Ticks of a finer axis than planned (a zoom rescales it) would all read alike.
    const off = exactTicks && decimalsFor([scaled]) > decimals;
    const d = off ? Math.min(6, Math.max(decimals, decimalsFor([scaled]))) : decimals;
    const sign = scaled < 0 && style.prefix ? "-" : "";
    return `${sign}${style.prefix}${fixed(sign ? -scaled : scaled, d)}${style.suffix}`;
  };
}
