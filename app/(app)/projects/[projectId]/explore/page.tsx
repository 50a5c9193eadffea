import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/caller";
import { decodeExploreQuery } from "@/lib/assistant/explore-query";
import { describeRange, requestWords } from "@/lib/assistant/format";
import { FluxError } from "@/lib/errors";
import { projectPageContext } from "@/lib/projects/page-context";
import { runQuery } from "@/lib/query/run-query";
import type { QueryRequest, QueryResponse, QueryResult } from "@/lib/query/model";
import { ExploreChart } from "@/components/explore/explore-chart";
import { exploreView } from "@/components/explore/explore-view";

export const metadata: Metadata = { title: "Explore" };

type Props = { params: Promise<{ projectId: string }>; searchParams: Promise<{ q?: string | string[] }> };

/**
 * Any runQuery input from a link (Ask Flux and MCP answers carry one): run with the viewer's
 * own permissions, titled in words with its range and zone, drawn by the widget renderers.
 */
export default async function ExplorePage({ params, searchParams }: Props) {
  const { projectId } = await params;
  const { ctx } = await projectPageContext(projectId);
  requirePermission(ctx, "read");
  const decoded = decodeExploreQuery((await searchParams).q);
  if (!decoded.ok) return <Problem title="This link cannot be opened" message={decoded.message} />;
  const query = decoded.query;
  let response: QueryResponse;
  try {
    response = await runQuery({ ctx, input: query });
  } catch (error) {
    // The query's own faults (an unknown metric, an aggregation its type lacks) are the link's, not the page's.
    if (error instanceof FluxError && error.status < 500) return <Problem title="This query cannot be run" message={problemText(error)} query={query} />;
    throw error;
  }
  const title = requestWords(query);
  const view = exploreView(query, response, title);
  const first: QueryResult = "results" in response ? Object.values(response.results)[0] : response;
  const unit = first?.unit;
  return (
    <div className="stack" data-testid="explore-page">
      <div className="page-head">
        <div>
          <h1 data-testid="explore-title" style={{ overflowWrap: "anywhere" }}>{title}</h1>
          {first && (
            <p className="muted" data-testid="explore-range">
              {describeRange(first.from, first.to, first.timezone)} · interval {first.interval}
              {unit ? ` · unit ${unit}` : ""}
            </p>
          )}
        </div>
      </div>
      <ExploreChart projectId={projectId} config={view.config} results={view.results} />
      {view.omitted > 0 && <p className="small muted">{view.omitted} more queries are in this link; the graph shows the first {view.results.length}.</p>}
      <details className="card" data-testid="explore-query">
        <summary>The query (runQuery input)</summary>
        <pre className="small" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{JSON.stringify(query, null, 2)}</pre>
      </details>
    </div>
  );
}

function problemText(error: FluxError): string {
  const details = Array.isArray(error.details) ? (error.details as { field?: string; message?: string }[]) : [];
  return details[0]?.field ? `${error.message}: ${details[0].field}: ${details[0].message}` : error.message;
}

function Problem({ title, message, query }: { title: string; message: string; query?: QueryRequest }) {
  return (
    <div className="stack" data-testid="explore-page">
      <div className="page-head"><div><h1>Explore</h1></div></div>
      <section className="card stack" role="alert" data-testid="explore-problem">
        <h2 style={{ margin: 0 }}>{title}</h2>
        <p>{message}</p>
      </section>
      {query && (
        <details className="card" data-testid="explore-query">
          <summary>The query (runQuery input)</summary>
          <pre className="small" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{JSON.stringify(query, null, 2)}</pre>
        </details>
      )}
    </div>
  );
}
