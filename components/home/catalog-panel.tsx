"use client";

import { useState } from "react";
import { formatDateTime } from "@/lib/format/dates";
import { formatNumber } from "@/lib/format/format-value";

interface MetricRow {
  name: string;
  type: string;
  unit: string | null;
  displayName: string | null;
  seriesCount: number;
  lastSeenAt: string;
}
interface EventRow {
  name: string;
  count: number;
  lastSeenAt: string;
}

/** The project's metrics and events, searchable. */
export function CatalogPanel({ metrics, events, eventsHref }: { metrics: MetricRow[]; events: EventRow[]; eventsHref: string }) {
  const [search, setSearch] = useState("");
  const n = search.trim().toLowerCase();
  const m = metrics.filter((x) => !n || x.name.toLowerCase().includes(n) || (x.displayName ?? "").toLowerCase().includes(n));
  const e = events.filter((x) => !n || x.name.toLowerCase().includes(n));
  return (
    <section className="card stack" aria-labelledby="catalog-title" data-testid="catalog">
      <div className="row">
        <h2 id="catalog-title" style={{ margin: 0 }}>Catalog</h2>
        <div className="spacer" />
        <input type="search" aria-label="Search metrics and events" placeholder="Search…" value={search} onChange={(ev) => setSearch(ev.target.value)} style={{ maxWidth: 240 }} />
      </div>
      <div className="grid-2">
        <div>
          <h3>Metrics <span className="muted small">({metrics.length})</span></h3>
          <table className="list" aria-label="Metrics">
            <thead><tr><th>Name</th><th>Type</th><th>Series</th><th>Last seen</th></tr></thead>
            <tbody>
              {m.map((x) => (
                <tr key={x.name} data-metric={x.name}>
                  <td>
                    {/* The name is what the SDK sends and the widget editor searches, so it shows beside a display name. */}
                    {x.displayName ? <>{x.displayName} <code className="muted small">{x.name}</code></> : <code>{x.name}</code>}
                    {x.unit && <span className="muted small"> · {x.unit}</span>}
                  </td>
                  <td><span className="badge">{x.type}</span></td>
                  <td>{formatNumber(x.seriesCount)}</td>
                  <td className="small">{formatDateTime(x.lastSeenAt)}</td>
                </tr>
              ))}
              {m.length === 0 && <tr><td colSpan={4} className="muted">{metrics.length ? "No metric matches." : "No metrics yet."}</td></tr>}
            </tbody>
          </table>
        </div>
        <div>
          <h3>Events <span className="muted small">({events.length})</span> <a className="small" href={eventsHref}>See the stream →</a></h3>
          <table className="list" aria-label="Events">
            <thead><tr><th>Name</th><th>Count</th><th>Last seen</th></tr></thead>
            <tbody>
              {e.map((x) => (
                <tr key={x.name} data-event={x.name}>
                  <td><code>{x.name}</code></td>
                  <td>{formatNumber(x.count)}</td>
                  <td className="small">{formatDateTime(x.lastSeenAt)}</td>
                </tr>
              ))}
              {e.length === 0 && <tr><td colSpan={3} className="muted">{events.length ? "No event matches." : "No events yet."}</td></tr>}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
