import { and, eq, gt, isNull, or } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { dashboards, shareLinks } from "@/lib/db/schema";
import type { ShareCaller } from "@/lib/auth/caller";
import { parseStoredDefinition, type Widget } from "@/lib/dashboards/schema";
import { widgetQueries } from "@/lib/dashboards/widget-request";
import type { LiveChange } from "@/lib/live/change-message";
import type { LiveEvent } from "@/lib/live/local-subscribers";
import { getSharedWidgets } from "./shared-dashboard";

// Live updates for a share link's visitor. A project's change names every metric and event a
// batch touched; a visitor may learn only the names the shared dashboard's widgets read, so each
// change is cut down to those (and not sent at all when none is left), and the project's alerts
// signal never reaches a visitor.

/** The names a dashboard's widgets read, by source (a metric and an event may share a name). */
export interface DashboardNames {
  metrics: ReadonlySet<string>;
  events: ReadonlySet<string>;
}

export function namesOfWidgets(widgets: readonly Widget[]): DashboardNames {
  const metrics = new Set<string>();
  const events = new Set<string>();
  for (const widget of widgets) {
    for (const q of widgetQueries(widget.config)) (q.source === "metric" ? metrics : events).add(q.name);
  }
  return { metrics, events };
}

/**
 * The part of a change a dashboard's visitor may see: only the names its widgets read, or null
 * when it touches none of them. A change too large to name its names (`all`) stays `all`, with
 * no names: every widget refetches, and the visitor learns only that something changed.
 */
export function changeForShare(change: LiveChange, names: DashboardNames): LiveChange | null {
  if (change.all) return { metrics: [], events: [], from: change.from, to: change.to, all: true };
  const metrics = change.metrics.filter((m) => names.metrics.has(m));
  const events = change.events.filter((e) => names.events.has(e));
  if (metrics.length + events.length === 0) return null;
  return { metrics, events, from: change.from, to: change.to };
}

/** What a visitor's stream sends of a project event: filtered changes, resyncs, never alerts. */
export function eventForShare(event: LiveEvent, names: DashboardNames): LiveEvent | null {
  if (event.kind === "resync") return event;
  if (event.kind === "alerts") return null;
  const change = changeForShare(event.change, names);
  return change ? { kind: "change", change } : null;
}

/** The names the shared dashboard's widgets read now (an editor may have changed them). */
export async function loadShareNames({ ctx }: { ctx: ShareCaller }): Promise<DashboardNames> {
  return namesOfWidgets(await getSharedWidgets({ ctx }));
}

/**
 * A visitor's live view: `translate` filters each event through the dashboard's names, loaded
 * now and again at each access recheck, so a widget added meanwhile starts updating (and a
 * removed one stops leaking its name) within one recheck.
 */
export async function shareLiveView({ ctx, stillAllowed }: { ctx: ShareCaller; stillAllowed: () => Promise<boolean> }): Promise<{
  translate: (event: LiveEvent) => LiveEvent | null;
  stillAllowed: () => Promise<boolean>;
}> {
  let names = await loadShareNames({ ctx });
  return {
    translate: (event) => eventForShare(event, names),
    stillAllowed: async () => {
      if (!(await stillAllowed())) return false;
      names = await loadShareNames({ ctx });
      return true;
    },
  };
}

/** A dashboard with at least one live share link, and the names its widgets read. */
export interface SharedDashboardNames {
  dashboardId: string;
  names: DashboardNames;
}

/** The project's dashboards that have a live (not revoked, not expired) share link. */
export async function liveSharedDashboards(projectId: string, now = new Date()): Promise<SharedDashboardNames[]> {
  const rows = await db()
    .selectDistinct({ id: dashboards.id, definition: dashboards.definition })
    .from(shareLinks)
    .innerJoin(dashboards, eq(dashboards.id, shareLinks.dashboardId))
    .where(and(eq(shareLinks.projectId, projectId), eq(dashboards.projectId, projectId), isNull(shareLinks.revokedAt), or(isNull(shareLinks.expiresAt), gt(shareLinks.expiresAt, now))));
  return rows.map((row) => ({ dashboardId: row.id, names: namesOfWidgets(parseStoredDefinition(row.definition).definition.widgets) }));
}

const CACHE_MS = 10_000;
const holder = globalThis as unknown as { __fluxSharedDashboards?: Map<string, { at: number; value: Promise<SharedDashboardNames[]> }> };
const cache = (holder.__fluxSharedDashboards ??= new Map());

/**
 * liveSharedDashboards, remembered per project for 10 s: publishing runs at most every throttle
 * interval per project, and a new link or widget reaching Pusher visitors 10 s late is fine.
 */
export function cachedLiveSharedDashboards(projectId: string, now = Date.now()): Promise<SharedDashboardNames[]> {
  const hit = cache.get(projectId);
  if (hit && now - hit.at < CACHE_MS) return hit.value;
  for (const [id, entry] of cache) if (now - entry.at >= CACHE_MS) cache.delete(id);
  const value = liveSharedDashboards(projectId);
  // A failed load is not remembered: the next change asks again.
  value.catch(() => {
    if (cache.get(projectId)?.value === value) cache.delete(projectId);
  });
  cache.set(projectId, { at: now, value });
  return value;
}
