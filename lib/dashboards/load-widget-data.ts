import type { Caller } from "@/lib/auth/caller";
import { FluxError } from "@/lib/errors";
import type { MultiQueryResult, QueryResult } from "@/lib/query/model";
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
 * own, so one failing query shows as that widget's error and the rest still render.
 */
export async function loadWidgetData({ ctx, dashboard }: { ctx: Caller; dashboard: Dashboard }): Promise<Record<string, InitialWidgetData>> {
  const entries = await Promise.all(
    dashboard.widgets.map(async (w): Promise<[string, InitialWidgetData]> => {
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
    }),
  );
  return Object.fromEntries(entries);
}
