"use client";

import Link from "next/link";
import { useState } from "react";
import { catalogHref } from "@/components/catalog/catalog-widget-config";
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
  displayName?: string | null;
  unit?: string | null;
  count: number;
  lastSeenAt: string;
}

/** The name as the SDK sends it, beside a display name when there is one; links to the detail page. */
function EntryName({ href, name, displayName, unit }: { href: string; name: string; displayName?: string | null; unit?: string | null }) {
  return (
    <>
      {/* Not prefetched: a catalog can list hundreds of rows, each a dynamic page. */}
      <Link href={href} className="catalog-row-link" prefetch={false}>
        {/* The name is what the SDK sends and the widget editor searches, so it shows beside a display name. */}
        {displayName ? <>{displayName} <code className="muted small">{name}</code></> : <code>{name}</code>}
      </Link>
      {unit && <span className="muted small"> · {unit}</span>}
    </>
  );
}

/** The project's metrics and events, searchable; each row opens its detail page. */
export function CatalogPanel({ projectId, metrics, events, eventsHref }: { projectId: string; metrics: MetricRow[]; events: EventRow[]; eventsHref: string }) {
  const [search, setSearch] = useState("");
  const n = search.trim().toLowerCase();
  const m = metrics.filter((x) => !n || x.name.toLowerCase().includes(n) || (x.displayName ?? "").toLowerCase().includes(n));
  const e = events.filter((x) => !n || x.name.toLowerCase().includes(n) || (x.displayName ?? "").toLowerCase().includes(n));
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
                  <td className="catalog-cell"><EntryName href={catalogHref(projectId, "metric", x.name)} name={x.name} displayName={x.displayName} unit={x.unit} /></td>
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
                  <td className="catalog-cell"><EntryName href={catalogHref(projectId, "event", x.name)} name={x.name} displayName={x.displayName} unit={x.unit} /></td>
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
