import type { QueryResult } from "@/lib/query/model";
import type { ChartTheme } from "../chart-theme";

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
