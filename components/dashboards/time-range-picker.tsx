"use client";

import { useState, useSyncExternalStore } from "react";
import type { WidgetRange } from "@/lib/dashboards/schema";
import { REFRESH_CHOICES } from "@/lib/dashboards/constants";

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
export function TimeRangePicker({ value, onChange }: { value: WidgetRange; onChange: (r: WidgetRange) => void }) {
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
        {PRESETS.map((p) => <option key={p.value} value={p.value}>{p.label}</option>)}
        <option value="custom">Custom…</option>
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
  return (
    <>
      <label className="sr-only" htmlFor="refresh-select">Auto-refresh</label>
      <select id="refresh-select" data-testid="refresh-select" value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {REFRESH_CHOICES.map((s) => <option key={s} value={s}>{label(s)}</option>)}
      </select>
    </>
  );
}

const noSubscription = () => () => {};
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Where days and hours of day are counted: UTC or the viewer's own zone (and the saved one). */
export function TimezonePicker({ value, onChange }: { value: string; onChange: (zone: string) => void }) {
  // The server cannot know the viewer's zone: null there, the browser's after hydration.
  const local = useSyncExternalStore(noSubscription, browserZone, () => null);
  const zones = [...new Set(["UTC", value, ...(local ? [local] : [])])];
  return (
    <>
      <label className="sr-only" htmlFor="timezone-select">Time zone</label>
      <select id="timezone-select" data-testid="timezone-select" value={value} onChange={(e) => onChange(e.target.value)} title="Time zone for days and hours of day">
        {zones.map((z) => <option key={z} value={z}>{z === local && z !== "UTC" ? `${z} (yours)` : z}</option>)}
      </select>
    </>
  );
}
