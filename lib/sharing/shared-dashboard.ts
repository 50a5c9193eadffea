import { and, eq, inArray } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { dashboards, eventNames, metrics } from "@/lib/db/schema";
import type { ShareCaller } from "@/lib/auth/caller";
import { invalid, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { parseStoredDefinition, type Widget } from "@/lib/dashboards/schema";
import { widgetQueries, widgetRequest } from "@/lib/dashboards/widget-request";
import { normalizeView, type ViewState } from "@/lib/dashboards/view-state";

export type { SharedDashboard };
import { loadWidgetData, type InitialWidgetData } from "@/lib/dashboards/load-widget-data";
import { runProjectQuery } from "@/lib/query/run-query";
import type { MultiQueryResult } from "@/lib/query/model";
import { ensureTimeZoneDirectory } from "@/lib/time/load-time-zones";
import { SharedWidgetView, type SharedDashboard, type SharePolicy } from "./share-link-schemas";
import { rangeAllowed, rangeRefusal } from "./share-view";
import { shareNotFound } from "./share-access";

// What a share link's visitor can read: the saved widgets of its one dashboard, each answered
// by a query the server builds from the saved configuration. The visitor names a widget and a
// view (range, interval, zone); never a metric, filter, group-by or formula.

async function loadDefinition(ctx: ShareCaller) {
  const [row] = await db()
    .select({ name: dashboards.name, definition: dashboards.definition })
    .from(dashboards)
    .where(and(eq(dashboards.id, ctx.dashboardId), eq(dashboards.projectId, ctx.projectId)))
    .limit(1);
  if (!row) throw shareNotFound();
  return { name: row.name, definition: parseStoredDefinition(row.definition).definition };
}

/** The catalog entries of exactly the names the widgets read. */
async function catalogOf(ctx: ShareCaller, widgets: Widget[]): Promise<SharedDashboard["catalog"]> {
  const queries = widgets.flatMap((w) => widgetQueries(w.config));
  const metricNames = [...new Set(queries.filter((q) => q.source === "metric").map((q) => q.name))];
  const eventList = [...new Set(queries.filter((q) => q.source === "event").map((q) => q.name))];
  const [m, e] = await Promise.all([
    metricNames.length
      ? db().select({ name: metrics.name, type: metrics.type, displayName: metrics.displayName }).from(metrics).where(and(eq(metrics.projectId, ctx.projectId), inArray(metrics.name, metricNames)))
      : [],
    eventList.length
      ? db().select({ name: eventNames.name, displayName: eventNames.displayName }).from(eventNames).where(and(eq(eventNames.projectId, ctx.projectId), inArray(eventNames.name, eventList)))
      : [],
  ]);
  return [
    ...m.map((r): SharedDashboard["catalog"][number] => [`metric:${r.name}`, { type: r.type, displayName: r.displayName }]),
    ...e.map((r): SharedDashboard["catalog"][number] => [`event:${r.name}`, { type: "event", displayName: r.displayName }]),
  ];
}

/**
 * What a visitor's browser gets of a widget: everything it draws, but no filter values (a
 * dashboard filtered to one customer need not tell its visitors which). The server keeps
 * answering with the saved filters; the browser never sends them.
 */
export function visibleWidget(widget: Widget): Widget {
  const config = widget.config;
  if ("queries" in config) return { ...widget, config: { ...config, queries: config.queries.map((q) => ({ ...q, filters: [] })) } as Widget["config"] };
  return { ...widget, config: { ...config, query: { ...config.query, filters: [] } } as Widget["config"] };
}

/** The saved widgets alone (one read), for what needs no catalog: the live stream's names. */
export async function getSharedWidgets({ ctx }: { ctx: ShareCaller }): Promise<Widget[]> {
  return (await loadDefinition(ctx)).definition.widgets;
}

export async function getSharedDashboard({ ctx }: { ctx: ShareCaller }): Promise<SharedDashboard> {
  const { name, definition } = await loadDefinition(ctx);
  return {
    name,
    range: definition.range,
    interval: definition.interval,
    refreshSeconds: definition.refreshSeconds,
    ...(definition.timezone ? { timezone: definition.timezone } : {}),
    widgets: definition.widgets.map(visibleWidget),
    catalog: await catalogOf(ctx, definition.widgets),
  };
}

/**
 * One saved widget's data in the visitor's view. A widget id the dashboard does not hold is
 * 404; a range the link does not allow is refused with its field; anything else in the body
 * (a query, a metric, filters) is refused as an unknown field.
 */
export async function runSharedWidget({ ctx, policy, widgetId, input, now }: { ctx: ShareCaller; policy: SharePolicy; widgetId: string; input: unknown; now?: number }): Promise<MultiQueryResult> {
  await ensureTimeZoneDirectory();
  const view = parseInput(SharedWidgetView, input ?? {}, "Invalid view");
  const { definition } = await loadDefinition(ctx);
  const widget = definition.widgets.find((w) => w.id === widgetId);
  if (!widget) throw notFound("This dashboard has no such widget");
  const range = view.range ?? definition.range;
  if (!rangeAllowed(range, policy, definition.range, now)) throw invalid(rangeRefusal(policy), [{ field: "range", message: rangeRefusal(policy) }]);
  const chosen = normalizeView({ range, interval: view.interval ?? definition.interval, timezone: view.timezone ?? definition.timezone ?? "UTC", refreshSeconds: 0 });
  const request = widgetRequest(widget.config, chosen.range, chosen.timezone, chosen.interval);
  return (await runProjectQuery({ projectId: ctx.projectId, input: request, now })) as MultiQueryResult;
}

/**
 * The first data of the top widgets for the server-rendered shared page (the view already
 * allowed): asked with the saved widgets, keyed by the request the browser computes from the
 * widgets it was given, so the page does not ask again on load.
 */
export async function loadSharedWidgetData({ ctx, view }: { ctx: ShareCaller; view: ViewState }): Promise<Record<string, InitialWidgetData>> {
  const { definition } = await loadDefinition(ctx);
  const loaded = await loadWidgetData({ dashboard: { widgets: definition.widgets }, view, run: (input) => runProjectQuery({ projectId: ctx.projectId, input }) });
  const visible = new Map(definition.widgets.map((w) => [w.id, visibleWidget(w)]));
  return Object.fromEntries(
    Object.entries(loaded).map(([id, data]) => {
      const w = visible.get(id);
      return [id, w ? { ...data, requestKey: JSON.stringify(widgetRequest(w.config, view.range, view.timezone, view.interval)) } : data];
    }),
  );
}
