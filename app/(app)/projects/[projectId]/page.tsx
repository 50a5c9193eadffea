import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { projectPageContext } from "@/lib/projects/page-context";
import { can } from "@/lib/auth/caller";
import { sessionCaller } from "@/lib/projects/access";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { listDashboards } from "@/lib/dashboards/dashboards";
import { listMetrics } from "@/lib/catalog/list-metrics";
import { listEventNames } from "@/lib/catalog/list-event-names";
import { GettingStarted } from "@/components/home/getting-started";
import { CatalogPanel } from "@/components/home/catalog-panel";
import { DeletedNotice } from "@/components/catalog/deleted-notice";

export const metadata: Metadata = { title: "Overview" };

async function createIngestKey(projectId: string, _prev: ActionResult<{ key: string }> | undefined, form: FormData) {
  "use server";
  return runAction(async () => {
    const ctx = await sessionCaller(projectId);
    const { key } = await createApiKey({ ctx, input: { name: String(form.get("name") || "Getting started"), scopes: ["ingest"] } });
    return { key };
  });
}

export default async function ProjectHome({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { ctx, project } = await projectPageContext(projectId);
  const [dashboards, { metrics }, { events }, h] = await Promise.all([listDashboards({ ctx }), listMetrics({ ctx }), listEventNames({ ctx }), headers()]);
  const base = `/projects/${projectId}`;
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000"}`;
  const hasData = metrics.length > 0 || events.length > 0;
  const sorted = [...dashboards].sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
  return (
    <div className="stack">
      <div className="page-head"><div><h1>{project.name}</h1><p className="muted">Project overview</p></div></div>
      <DeletedNotice />
      {!hasData && <GettingStarted projectId={projectId} baseUrl={origin} canCreateKey={can(ctx, "admin")} createKey={createIngestKey.bind(null, projectId)} />}
      <section className="card stack" aria-labelledby="home-dashboards" data-testid="home-dashboards">
        <div className="row">
          <h2 id="home-dashboards" style={{ margin: 0 }}>Dashboards</h2>
          <div className="spacer" />
          <Link className="btn small" href={`${base}/dashboards`}>{can(ctx, "write") ? "Create or manage" : "All dashboards"}</Link>
        </div>
        {sorted.length === 0 ? (
          <p className="muted">No dashboards yet. {can(ctx, "write") ? <Link href={`${base}/dashboards`}>Create one</Link> : "An editor can create one."} and add widgets over your metrics and events.</p>
        ) : (
          <ul className="dashboard-tiles">
            {sorted.map((d) => (
              <li key={d.id}>
                <Link href={`${base}/dashboards/${d.id}`} className="dashboard-tile">
                  <strong>{d.name}</strong>
                  <span className="muted small">{d.widgets.length} widget{d.widgets.length === 1 ? "" : "s"}{d.isDefault ? " · default" : ""}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      {hasData && <CatalogPanel projectId={projectId} metrics={metrics} events={events} eventsHref={`${base}/events`} />}
    </div>
  );
}
