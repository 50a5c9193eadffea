import type { Caller } from "@/lib/auth/caller";
import { mapWithConcurrency } from "@/lib/concurrency/map-with-concurrency";
import { FluxError } from "@/lib/errors";
import type { MultiQuery, MultiQueryResult, QueryResponse, QueryResult } from "@/lib/query/model";
import { projectQueryConcurrency } from "@/lib/query/query-limiter";
import { runQuery } from "@/lib/query/run-query";
import type { Dashboard } from "./schema";
import { viewDefaults, type ViewState } from "./view-state";
import { QUERY_NAMES, widgetRequest } from "./widget-request";

/** What the server already fetched for a widget, keyed by the exact request it answered. */
export interface InitialWidgetData {
  requestKey: string;
  results?: QueryResult[];
  error?: string;
}

/**
 * Widgets whose first data the server renders: about a screenful, top of the layout first.
 * The others fetch theirs from the browser once the page is there. Rendering all 50 of a
 * 50-widget page on the server made it wait for 50 queries and then render 1.2 MB in one
 * piece, an event-loop block of about 250 ms that every other request (ingest too) sat behind.
 */
export const SERVER_RENDERED_WIDGETS = 16;

/**
 * The first data of the top SERVER_RENDERED_WIDGETS widgets, for the server-rendered
 * dashboard: each widget on its own, so one failing query shows as that widget's error and
 * the rest still render; no more at once than the project may run queries, so one page does
 * not queue all its widgets ahead of the next page or API call of the same project. Asked
 * in the viewer's view (the URL's range, interval and zone), as the browser would ask.
 */
export async function loadWidgetData(options: { ctx: Caller; dashboard: Dashboard; view?: ViewState } | { dashboard: Pick<Dashboard, "widgets">; view: ViewState; run: (input: MultiQuery) => Promise<QueryResponse> }): Promise<Record<string, InitialWidgetData>> {
  const { dashboard } = options;
  const view = options.view ?? viewDefaults(dashboard as Dashboard, "UTC");
  // A share link's page runs the saved widgets' queries without a reading caller (lib/sharing).
  const run = "run" in options ? options.run : (input: MultiQuery) => runQuery({ ctx: options.ctx, input });
  const top = [...dashboard.widgets].sort((a, b) => a.y - b.y || a.x - b.x).slice(0, SERVER_RENDERED_WIDGETS);
  const entries = await mapWithConcurrency(
    top,
    projectQueryConcurrency(),
    async (w): Promise<[string, InitialWidgetData]> => {
      const request = widgetRequest(w.config, view.range, view.timezone, view.interval);
      const requestKey = JSON.stringify(request);
      try {
        const response = (await run(request)) as MultiQueryResult;
        const count = "queries" in w.config ? w.config.queries.length : 1;
        return [w.id, { requestKey, results: QUERY_NAMES.slice(0, count).map((n) => response.results[n]).filter(Boolean) }];
      } catch (error) {
        if (!(error instanceof FluxError)) console.error("[flux] widget query failed:", error);
        return [w.id, { requestKey, error: error instanceof FluxError ? error.message : "The query failed on our side" }];
      }
    },
  );
  return Object.fromEntries(entries);
}
