"use client";

import { useMemo } from "react";
import { EChart, useChartTheme } from "@/components/charts/echart";
import { formatNumber } from "@/lib/format/format-value";
import { buildStorageDailyOption, type DayCount } from "./storage-daily-option";

/** The project's points and events per day: a bar chart, and the numbers behind it. */
export function StorageDailyChart({ days }: { days: DayCount[] }) {
  const theme = useChartTheme();
  const option = useMemo(() => buildStorageDailyOption(days, theme), [days, theme]);
  const total = days.reduce((s, d) => ({ points: s.points + d.points, events: s.events + d.events }), { points: 0, events: 0 });
  return (
    <div className="stack">
      <p className="muted small" data-testid="daily-totals">
        {formatNumber(total.points, { compact: false })} points and {formatNumber(total.events, { compact: false })} events in the last {days.length} days.
      </p>
      <div style={{ height: 220, display: "flex" }}>
        <EChart option={option} chartId="storage-daily" label="Points and events per day" />
      </div>
      <details>
        <summary className="small muted">Numbers per day</summary>
        <table className="list" aria-label="Points and events per day">
          <thead>
            <tr><th>Day (UTC)</th><th style={{ textAlign: "right" }}>Points</th><th style={{ textAlign: "right" }}>Events</th></tr>
          </thead>
          <tbody>
            {[...days].reverse().map((d) => (
              <tr key={d.day} data-testid="daily-row" data-day={d.day}>
                <td>{d.day}</td>
                <td style={{ textAlign: "right" }} data-value={d.points}>{formatNumber(d.points, { compact: false })}</td>
                <td style={{ textAlign: "right" }} data-value={d.events}>{formatNumber(d.events, { compact: false })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
