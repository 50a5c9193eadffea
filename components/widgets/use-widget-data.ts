"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { Interval, MultiQueryResult, QueryResult } from "@/lib/query/model";
import { QUERY_NAMES, widgetRequest } from "@/lib/dashboards/widget-request";
import type { WidgetConfig, WidgetRange } from "@/lib/dashboards/schema";
import { widgetInterest } from "@/lib/dashboards/widget-interest";
import { useLiveRefetch } from "./use-live-refetch";

import type { InitialWidgetData } from "@/lib/dashboards/load-widget-data";

export type { InitialWidgetData };

export class QueryFailed extends Error {}

export async function postQuery(projectId: string, body: unknown): Promise<MultiQueryResult> {
  const res = await fetch(`/api/v1/query?project=${encodeURIComponent(projectId)}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const details = data?.error?.details as { field: string; message: string }[] | undefined;
    const detail = details?.length ? ` (${details.map((d) => `${d.field}: ${d.message}`).join("; ")})` : "";
    throw new QueryFailed(`${data?.error?.message ?? `The query failed with HTTP ${res.status}`}${detail}`);
  }
  return data as MultiQueryResult;
}

export const requestKey = (config: WidgetConfig, range: WidgetRange, timezone?: string, interval?: Interval) => JSON.stringify(widgetRequest(config, range, timezone, interval));

export function orderedResults(data: MultiQueryResult, count: number): QueryResult[] {
  return QUERY_NAMES.slice(0, count).map((n) => data.results[n]).filter(Boolean);
}

/**
 * Where a widget's data comes from when it is not the project's query API: a share link's
 * visitor asks for a saved widget by id in a view, never with a query. `id` keeps its cache apart.
 */
export interface WidgetDataSource {
  id: string;
  fetch(args: { widgetId: string; view: { range: WidgetRange; interval?: Interval; timezone?: string } }): Promise<MultiQueryResult>;
}

export function useWidgetData(options: { projectId: string; config: WidgetConfig; range: WidgetRange; interval?: Interval; timezone?: string; refreshSeconds: number; initial?: InitialWidgetData; enabled?: boolean; source?: { widgetId: string; from: WidgetDataSource } }) {
  const { projectId, config, range, refreshSeconds, initial, source } = options;
  const key = requestKey(config, range, options.timezone, options.interval);
  const count = "queries" in config ? config.queries.length : 1;
  const seeded = initial?.requestKey === key && initial.results ? initial.results : undefined;
  const fetchData = source
    ? () => source.from.fetch({ widgetId: source.widgetId, view: { range, interval: options.interval, timezone: options.timezone } })
    : () => postQuery(projectId, JSON.parse(key));
  const query = useQuery({
    queryKey: ["widget-data", source ? source.from.id : projectId, key],
    queryFn: async () => orderedResults(await fetchData(), count),
    initialData: seeded,
    placeholderData: keepPreviousData,
    refetchInterval: refreshSeconds > 0 ? refreshSeconds * 1000 : false,
    enabled: options.enabled ?? true,
  });
  // Live: new data for a name this widget reads, inside its window, refetches it.
  const enabled = options.enabled ?? true;
  useLiveRefetch(
    (o) => (enabled ? query.refetch(o) : Promise.resolve()),
    () => widgetInterest(config, { range, timezone: options.timezone ?? "UTC", interval: options.interval }),
  );
  return query;
}

/**
 * Nothing to draw: no series, or only nulls and zeros. A number widget still shows a 0 total
 * (zero errors is news); charts of nothing but zeros say there is no data instead.
 */
export function isEmptyResult(results: QueryResult[], type?: string): boolean {
  const blank = (v: number | null | undefined) => v === null || v === undefined || (type !== "number" && v === 0);
  return results.every((r) => r.series.length === 0 || r.series.every((s) => blank(s.total) && s.points.every(([, v]) => blank(v))));
}
