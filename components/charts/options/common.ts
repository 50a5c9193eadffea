import type { QueryResult } from "@/lib/query/model";
import { html, plainText, type SafeHtml } from "@/lib/format/escape-html";
import type { ChartTheme } from "../chart-theme";

// ECharts (html render mode) puts what a tooltip formatter returns into the page with
// innerHTML; legends and axis labels are canvas text. So every tooltip is built with `html`
// through `htmlTooltip`, and every label from data goes through `canvasLabel`.
// build-options.xss.test.ts checks every formatter of every builder against hostile data.

/** Canvas labels (legends, category axes) show at most this many characters of a name. */
export const CANVAS_LABEL_LENGTH = 40;

/** A name from data as canvas text: one clean line, shortened. */
export const canvasLabel = (value: unknown): string => plainText(value, CANVAS_LABEL_LENGTH);

/** The only way to write a tooltip formatter: it must return `html`, never a bare string. */
export function htmlTooltip<P>(format: (params: P) => SafeHtml): (params: P) => string {
  return (params) => format(params).toString();
}

const CSS_COLOR = /^(#[0-9a-f]{3,8}|rgba?\([\d\s.,%]+\))$/i;

/** The coloured dot before a series name; anything but a plain colour draws no dot. */
export function tooltipMarker(color: unknown): SafeHtml {
  if (typeof color !== "string" || !CSS_COLOR.test(color)) return html``;
  return html`<span style="display:inline-block;width:10px;height:10px;border-radius:5px;margin-right:6px;background-color:${color}"></span>`;
}

/** One tooltip line: dot, name, and the value aligned right. */
export function tooltipRow(color: unknown, name: string, value: string): SafeHtml {
  return html`<div style="display:flex;justify-content:space-between;gap:16px"><span>${tooltipMarker(color)}${name}</span><strong>${value}</strong></div>`;
}

export const legendCommon = (theme: ChartTheme) => ({
  type: "scroll",
  textStyle: { color: theme.muted },
  pageTextStyle: { color: theme.muted },
  formatter: canvasLabel,
});

export const axisCommon = (theme: ChartTheme) => ({
  axisLine: { lineStyle: { color: theme.border } },
  axisTick: { show: false },
  splitLine: { show: false },
});

export const tooltipCommon = (theme: ChartTheme) => ({
  backgroundColor: theme.surface,
  borderColor: theme.border,
  textStyle: { color: theme.text },
  confine: true,
});

/**
 * Labels fitted to the bucket size, in the query's time zone: times within a day, dates beyond.
 * `withDate` puts the date before every time, for category axes whose thinned-out labels
 * would otherwise rarely land on a midnight and so never say which day a column is.
 */
export function timeAxisLabel(result: Pick<QueryResult, "intervalSeconds" | "timezone"> | undefined, { withDate = false } = {}) {
  const daily = (result?.intervalSeconds ?? 3600) >= 86_400;
  const fmt = new Intl.DateTimeFormat("en-GB", { timeZone: result?.timezone || "UTC", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return (ms: number) => {
    const p = Object.fromEntries(fmt.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
    const midnight = p.hour === "00" && p.minute === "00";
    if (daily || midnight) return `${p.day} ${p.month}`;
    return withDate ? `${p.day} ${p.month} ${p.hour}:${p.minute}` : `${p.hour}:${p.minute}`;
  };
}

/**
 * The plot's box with its axis labels inside it: ECharts 6's outer bounds (the old
 * `containLabel` needs the legacy module and warns).
 */
export const gridBox = (box: { left: number; right: number; top: number; bottom: number }) => ({ ...box, outerBoundsMode: "same", outerBoundsContain: "axisLabel" });

const zoneName = (result: Pick<QueryResult, "timezone"> | undefined) => result?.timezone || "UTC";

/** A bucket's time for a tooltip, always with its zone: "Mon 23 Nov, 14:00 (Europe/Berlin)". */
export function tooltipTime(result: Pick<QueryResult, "intervalSeconds" | "timezone"> | undefined) {
  const daily = (result?.intervalSeconds ?? 3600) >= 86_400;
  const fmt = new Intl.DateTimeFormat("en-GB", { timeZone: zoneName(result), weekday: "short", day: "numeric", month: "short", ...(daily ? { year: "numeric" } : { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }) });
  return (ms: number) => `${fmt.format(new Date(ms)).replace(/ at /, ", ")} (${zoneName(result)})`;
}

/** The window a total covers, with its zone: "23 Nov 14:00 – 24 Nov 14:00 (Europe/Berlin)". */
export function rangeLabel(result: Pick<QueryResult, "from" | "to" | "timezone"> | undefined): string {
  if (!result) return "";
  const fmt = new Intl.DateTimeFormat("en-GB", { timeZone: zoneName(result), day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const at = (iso: string) => (Number.isFinite(Date.parse(iso)) ? fmt.format(new Date(iso)).replace(/,/, "") : iso);
  return `${at(result.from)} – ${at(result.to)} (${zoneName(result)})`;
}
