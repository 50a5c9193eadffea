import type { Metadata } from "next";
import Link from "next/link";
import { projectPageContext } from "@/lib/projects/page-context";
import type { Caller } from "@/lib/auth/caller";
import { listAnomalies } from "@/lib/anomaly/anomalies";
import { listMetrics } from "@/lib/catalog/list-metrics";
import { listEventNames } from "@/lib/catalog/list-event-names";
import { filtersSearch, isFiltered, listInput, parseAnomalyFilters, type AnomalyFilters } from "@/components/anomalies/anomaly-filters";
import { AnomalyFilterForm } from "@/components/anomalies/anomaly-filter-form";
import { AnomalyTable, WatchingEmptyState } from "@/components/anomalies/anomaly-table";

export const metadata: Metadata = { title: "Anomalies" };

const PAGE_SIZE = 50;

/** One page of episodes for the filters, measured from the moment of the request. */
async function loadPage(ctx: Caller, filters: AnomalyFilters) {
  const now = Date.now();
  const [{ anomalies, nextCursor }, { metrics }, { events }] = await Promise.all([
    listAnomalies({ ctx, input: listInput(filters, now, PAGE_SIZE) }),
    listMetrics({ ctx }),
    listEventNames({ ctx }),
  ]);
  return { now, anomalies, nextCursor, metrics, events };
}

type Props = { params: Promise<{ projectId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AnomaliesPage({ params, searchParams }: Props) {
  const { projectId } = await params;
  const filters = parseAnomalyFilters(await searchParams);
  const { ctx } = await projectPageContext(projectId);
  const { now, anomalies, nextCursor, metrics, events } = await loadPage(ctx, filters);
  const base = `/projects/${projectId}/anomalies`;
  const href = (f: AnomalyFilters) => {
    const q = filtersSearch(f);
    return q ? `${base}?${q}` : base;
  };
  const filtered = isFiltered(filters);
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Anomalies</h1>
          <p className="muted">Episodes where a metric or event stream left the range its own history predicts, newest first</p>
        </div>
      </div>
      <AnomalyFilterForm action={base} filters={filters} names={[...new Set([...metrics.map((m) => m.name), ...events.map((e) => e.name)])].sort()} />
      <section className="card">
        {anomalies.length > 0 ? (
          <AnomalyTable anomalies={anomalies} detailHref={(id) => `${base}/${id}`} now={now} />
        ) : filtered || filters.cursor ? (
          <p className="muted" data-testid="anomalies-none-match">
            No anomalies match these filters. <Link href={base}>Show every anomaly</Link>
          </p>
        ) : (
          <WatchingEmptyState projectId={projectId} metrics={metrics.length} events={events.length} />
        )}
      </section>
      <div className="row">
        {filters.cursor && <Link className="btn small" href={href({ ...filters, cursor: "" })}>Newest</Link>}
        {nextCursor && <Link className="btn small" href={href({ ...filters, cursor: nextCursor })} data-testid="anomalies-older">Older →</Link>}
      </div>
    </div>
  );
}
