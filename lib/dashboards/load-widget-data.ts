import type { Caller } from "@/lib/auth/caller";
import { mapWithConcurrency } from "@/lib/concurrency/map-with-concurrency";
import { FluxError } from "@/lib/errors";
import type { MultiQueryResult, QueryResult } from "@/lib/query/model";
import { projectQueryConcurrency } from "@/lib/query/query-limiter";
import { runQuery } from "@/lib/query/run-query";
import type { Dashboard } from "./schema";
import { QUERY_NAMES, widgetRequest } from "./widget-request";

/** What the server already fetched for a widget, keyed by the exact request it answered. */
export interface InitialWidgetData {
  requestKey: string;
  results?: QueryResult[];
  error?: string;
}

/**
 * The first data of every widget, for the server-rendered dashboard: each widget on its
 * own, so one failing query shows as that widget's error and the rest still render. No
 * more widgets at once than the project may run queries, in the stored order, so a 50-widget
 * page does not queue all 50 ahead of the next page or API call of the same project.
 */
export async function loadWidgetData({ ctx, dashboard }: { ctx: Caller; dashboard: Dashboard }): Promise<Record<string, InitialWidgetData>> {
  const entries = await mapWithConcurrency(
    dashboard.widgets,
    projectQueryConcurrency(),
    async (w): Promise<[string, InitialWidgetData]> => {
      const request = widgetRequest(w.config, dashboard.range, dashboard.timezone);
      const requestKey = JSON.stringify(request);
      try {
        const response = (await runQuery({ ctx, input: request })) as MultiQueryResult;
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
