"use client";

import { useId, useState } from "react";
import type { CatalogEvent, CatalogMetric } from "./use-catalog";

type Item = { source: "metric" | "event"; name: string; detail: string; display: string };

/** A searchable list of the project's metrics and events. */
export function CatalogPicker({ metrics, events, value, onPick, loading, error }: {
  metrics: CatalogMetric[];
  events: CatalogEvent[];
  value: { source: "metric" | "event"; name: string };
  onPick: (item: { source: "metric" | "event"; name: string }) => void;
  loading: boolean;
  error: string | null;
}) {
  const [search, setSearch] = useState("");
  const id = useId();
  const items: Item[] = [
    ...metrics.map((m) => ({ source: "metric" as const, name: m.name, display: m.displayName || m.name, detail: `${m.type}${m.unit ? ` · ${m.unit}` : ""}` })),
    ...events.map((e) => ({ source: "event" as const, name: e.name, display: e.name, detail: `event · ${e.count.toLocaleString("en-US")}` })),
  ];
  const needle = search.trim().toLowerCase();
  const shown = items.filter((i) => !needle || i.name.toLowerCase().includes(needle) || i.display.toLowerCase().includes(needle)).slice(0, 60);
  return (
    <div className="catalog-picker">
      <div className="row">
        <label htmlFor={`${id}-search`}>Metric or event</label>
        {/* The list may be scrolled or filtered past the chosen item, so it is named here too. */}
        {value.name && <span className="small muted" data-testid="picked-item">chosen: <code>{value.name}</code></span>}
      </div>
      <input id={`${id}-search`} type="search" placeholder="Search metrics and events…" value={search} onChange={(e) => setSearch(e.target.value)} aria-controls={`${id}-list`} />
      <ul id={`${id}-list`} className="catalog-list" role="listbox" aria-label="Metrics and events">
        {loading && <li className="muted small">Loading the catalog…</li>}
        {error && <li className="small bad">{error}</li>}
        {!loading && !error && shown.length === 0 && (
          <li className="muted small">{items.length === 0 ? "Nothing received yet: send an event or metric first (see Getting started)." : "No match: try another word."}</li>
        )}
        {shown.map((i) => {
          const selected = value.source === i.source && value.name === i.name;
          return (
            <li key={`${i.source}:${i.name}`} role="option" aria-selected={selected}>
              <button type="button" className={selected ? "selected" : ""} onClick={() => onPick(i)} data-catalog-item={i.name}>
                <span>{i.display}</span>
                <span className="muted small">{i.detail}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
