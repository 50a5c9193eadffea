import type { Metadata } from "next";
import Link from "next/link";
import { projectPageContext } from "@/lib/projects/page-context";
import { listEvents } from "@/lib/query/list-events";
import { listEventNames } from "@/lib/catalog/list-event-names";
import { formatDateTime } from "@/lib/format/dates";
import { formatValue } from "@/lib/format/format-value";

export const metadata: Metadata = { title: "Events" };

export default async function EventsPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<{ name?: string; cursor?: string }> }) {
  const { projectId } = await params;
  const { name, cursor } = await searchParams;
  const { ctx } = await projectPageContext(projectId);
  const [{ events, nextCursor }, { events: names }] = await Promise.all([
    listEvents({ ctx, input: { name: name || undefined, cursor: cursor || undefined, limit: 50 } }),
    listEventNames({ ctx }),
  ]);
  const base = `/projects/${projectId}/events`;
  const link = (q: Record<string, string | undefined>) => `${base}?${new URLSearchParams(Object.entries(q).filter(([, v]) => v) as [string, string][]).toString()}`;
  return (
    <div className="stack">
      <div className="page-head"><div><h1>Events</h1><p className="muted">The most recent events, newest first</p></div></div>
      <form className="row" action={base}>
        <label className="sr-only" htmlFor="event-name">Event name</label>
        <select id="event-name" name="name" defaultValue={name ?? ""} style={{ maxWidth: 320 }}>
          <option value="">All events</option>
          {names.map((n) => <option key={n.name} value={n.name}>{n.name}</option>)}
        </select>
        <button className="btn" type="submit">Show</button>
      </form>
      <section className="card">
        {events.length === 0 ? (
          <p className="muted">No events{name ? ` named ${name}` : ""} yet. Send one from the SDK or with curl: the <Link href={`/projects/${projectId}`}>project overview</Link> has snippets to copy.</p>
        ) : (
          <table className="list stack-on-phone" aria-label="Events">
            <thead><tr><th>Time</th><th>Name</th><th>User</th><th>Value</th><th>Properties</th></tr></thead>
            <tbody>
              {events.map((e, i) => (
                <tr key={`${e.time}-${i}`}>
                  <td className="small" style={{ whiteSpace: "nowrap" }}>{formatDateTime(e.time)}</td>
                  <td><Link href={link({ name: e.name })}><code>{e.name}</code></Link></td>
                  <td className="small" data-label="User">{e.userId ?? <span className="muted">–</span>}</td>
                  <td data-label="Value">{e.value === null ? <span className="muted">–</span> : formatValue(e.value)}</td>
                  <td><code className="small props">{JSON.stringify(e.properties)}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <div className="row">
        {cursor && <Link className="btn small" href={link({ name })}>Newest</Link>}
        {nextCursor && <Link className="btn small" href={link({ name, cursor: nextCursor })}>Older →</Link>}
      </div>
    </div>
  );
}
