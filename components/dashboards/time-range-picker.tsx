"use client";

import { useState } from "react";
import type { WidgetRange } from "@/lib/dashboards/schema";
import { REFRESH_CHOICES } from "@/lib/dashboards/constants";
import { intervalFits } from "@/lib/dashboards/view-state";
import { INTERVALS, type Interval } from "@/lib/query/model";

const PRESETS: { value: string; label: string }[] = [
  { value: "15m", label: "Last 15 minutes" },
  { value: "1h", label: "Last hour" },
  { value: "6h", label: "Last 6 hours" },
  { value: "24h", label: "Last 24 hours" },
  { value: "today", label: "Today" },
  { value: "yesterday", label: "Yesterday" },
  { value: "7d", label: "Last 7 days" },
  { value: "14d", label: "Last 14 days" },
  { value: "30d", label: "Last 30 days" },
  { value: "90d", label: "Last 90 days" },
  { value: "mtd", label: "Month to date" },
  { value: "ytd", label: "Year to date" },
];

const toLocalInput = (v: string | number) => {
  const d = new Date(v);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

export function rangeLabel(range: WidgetRange): string {
  if (typeof range === "string") return PRESETS.find((p) => p.value === range)?.label ?? range;
  const f = (v: string | number) => new Date(v).toLocaleString("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  return `${f(range.from)} – ${f(range.to)}`;
}

/** Presets, or a custom from–to in the viewer's local time (sent as ISO instants). */
export function TimeRangePicker({ value, onChange, presets, allowCustom = true }: {
  value: WidgetRange;
  onChange: (r: WidgetRange) => void;
  /** Only these presets (a share link's bounds); all by default. */
  presets?: readonly string[];
  allowCustom?: boolean;
}) {
  const offered = presets ? PRESETS.filter((p) => presets.includes(p.value)) : PRESETS;
  const [custom, setCustom] = useState(typeof value !== "string");
  const [from, setFrom] = useState(() => toLocalInput(typeof value === "string" ? Date.now() - 86_400_000 : value.from));
  const [to, setTo] = useState(() => toLocalInput(typeof value === "string" ? Date.now() : value.to));
  const invalidCustom = !from || !to || new Date(from) >= new Date(to);
  return (
    <div className="row range-picker">
      <label className="sr-only" htmlFor="range-select">Time range</label>
      <select
        id="range-select"
        data-testid="range-select"
        value={custom ? "custom" : (value as string)}
        onChange={(e) => {
          if (e.target.value === "custom") return setCustom(true);
          setCustom(false);
          onChange(e.target.value as WidgetRange);
        }}
      >
        {offered.map((p) => <option key={p.value} value={p.value}>{p.label}</option>)}
        {typeof value === "string" && !offered.some((p) => p.value === value) && <option value={value}>{rangeLabel(value)}</option>}
        {allowCustom && <option value="custom">Custom…</option>}
      </select>
      {custom && (
        <form className="row" onSubmit={(e) => { e.preventDefault(); if (!invalidCustom) onChange({ from: new Date(from).toISOString(), to: new Date(to).toISOString() }); }}>
          <input type="datetime-local" aria-label="From" value={from} onChange={(e) => setFrom(e.target.value)} />
          <input type="datetime-local" aria-label="To" value={to} onChange={(e) => setTo(e.target.value)} />
          <button className="btn small" type="submit" disabled={invalidCustom}>Apply</button>
        </form>
      )}
    </div>
  );
}

export function RefreshPicker({ value, onChange }: { value: number; onChange: (s: number) => void }) {
  const label = (s: number) => (s === 0 ? "Auto-refresh off" : s < 60 ? `Every ${s} s` : `Every ${s / 60} min`);
  // A refresh saved through the API need not be one of the choices; it is still shown.
  const choices = [...new Set<number>([...REFRESH_CHOICES, value])].sort((a, b) => a - b);
  return (
    <>
      <label className="sr-only" htmlFor="refresh-select">Auto-refresh</label>
      <select id="refresh-select" data-testid="refresh-select" value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {choices.map((s) => <option key={s} value={s}>{label(s)}</option>)}
      </select>
    </>
  );
}

const INTERVAL_LABELS: Record<Interval, string> = {
  auto: "Auto interval", "1m": "1-minute buckets", "5m": "5-minute buckets", "15m": "15-minute buckets",
  "1h": "Hourly buckets", "6h": "6-hour buckets", "1d": "Daily buckets", "1w": "Weekly buckets",
};

/** Bucket size of the widgets; those that would give too many buckets for the range are not offered. */
export function IntervalPicker({ value, range, onChange }: { value: Interval; range: WidgetRange; onChange: (interval: Interval) => void }) {
  const order: Interval[] = ["auto", ...INTERVALS.filter((i) => i !== "auto")];
  return (
    <>
      <label className="sr-only" htmlFor="interval-select">Interval</label>
      <select id="interval-select" data-testid="interval-select" value={value} onChange={(e) => onChange(e.target.value as Interval)} title="Bucket size of the charts">
        {order.map((i) => <option key={i} value={i} disabled={!intervalFits(range, i)}>{INTERVAL_LABELS[i]}</option>)}
      </select>
    </>
  );
}

/** Where days and hours of day are counted: UTC, the viewer's own zone, the dashboard's and the chosen one. */
export function TimezonePicker({ value, yours, saved, onChange }: { value: string; yours: string | null; saved?: string; onChange: (zone: string) => void }) {
  const zones = [...new Set(["UTC", ...(saved ? [saved] : []), value, ...(yours ? [yours] : [])])];
  return (
    <>
      <label className="sr-only" htmlFor="timezone-select">Time zone</label>
      <select id="timezone-select" data-testid="timezone-select" value={value} onChange={(e) => onChange(e.target.value)} title="Time zone for days and hours of day">
        {zones.map((z) => <option key={z} value={z}>{z === yours ? `${z} (yours)` : z}</option>)}
      </select>
    </>
  );
}
