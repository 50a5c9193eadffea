import { formatValue } from "@/lib/format/format-value";

/** How the widget writes a value on screen; its output decides the CSV's precision. */
export type ShownFormat = (value: number) => string;

/**
 * The number a widget shows, as a number: the fewest decimals (in the column's own unit)
 * whose value the widget would show exactly as it shows `value`. So 197.67000000000002 USD
 * becomes 197.67 ("$197.67"), 12.3456 becomes 12.3 ("12.3"), 1534.2 ms becomes 1534
 * ("1.53 s"). Abbreviations are written out (12,345 shown as "12.3k" stays 12345): a
 * spreadsheet needs the number, and the display's decimals, not its shorthand.
 */
export function shownNumber(value: number | null | undefined, format: ShownFormat): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const shown = format(value);
  for (let decimals = 0; decimals <= 12; decimals++) {
    const rounded = Number(value.toFixed(decimals));
    if (format(rounded) === shown) return rounded === 0 ? 0 : rounded;
  }
  // A format that no rounding reproduces (none today): drop the binary noise at least.
  return Number(value.toPrecision(12));
}

/** A value shown with the widget's unit, as formatValue writes it on tables, tooltips and numbers. */
export const shownValue = (value: number | null | undefined, unit: string | null | undefined) => shownNumber(value, (v) => formatValue(v, unit));

/** A column name with its unit: "Revenue · sum (USD)". */
export const withUnit = (name: string, unit: string | null | undefined) => (unit ? `${name} (${unit})` : name);

/** Names made unique by numbering repeats ("api", "api (2)"), so every column can be addressed. */
export function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((raw) => {
    const name = raw.trim() || "value";
    let unique = name;
    for (let n = 2; seen.has(unique); n++) unique = `${name} (${n})`;
    seen.add(unique);
    return unique;
  });
}

const zonedFormats = new Map<string, Intl.DateTimeFormat>();

/** "2026-11-23 14:00" in `timeZone`: a spreadsheet reads it as a date and time. */
export function zonedDateTime(ms: number, timeZone: string): string {
  const zone = timeZone || "UTC";
  let fmt = zonedFormats.get(zone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    zonedFormats.set(zone, fmt);
  }
  const p = Object.fromEntries(fmt.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}
