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

const pad = (n: number) => String(n).padStart(2, "0");
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Labels fitted to the bucket size: times within a day, dates beyond (in UTC, like the query). */
export function timeAxisLabel(result: Pick<QueryResult, "intervalSeconds"> | undefined) {
  const daily = (result?.intervalSeconds ?? 3600) >= 86_400;
  return (ms: number) => {
    const d = new Date(ms);
    if (daily || (d.getUTCHours() === 0 && d.getUTCMinutes() === 0)) return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
    return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  };
}
