import { z } from "zod";
import { requirePermission, type Caller } from "@/lib/auth/caller";
import { listAnomalies } from "@/lib/anomaly/anomalies";
import { listEventNames } from "@/lib/catalog/list-event-names";
import { listMetrics } from "@/lib/catalog/list-metrics";
import { listDashboards } from "@/lib/dashboards/dashboards";
import { getProject } from "@/lib/projects/projects";
import { fluxLinks } from "./links";

// What an assistant reads first (MCP resource flux://project/overview, prompt project_overview):
// the names it can ask about and what is going wrong, in one small answer.

export const OVERVIEW_CAPS = { metrics: 60, events: 60, dashboards: 30, anomalies: 20 } as const;
const ANOMALY_DAYS = 7;

export const ProjectOverview = z.object({
  project: z.object({ id: z.string(), name: z.string() }),
  generatedAt: z.string().describe("ISO instant the overview was read"),
  metrics: z.object({
    total: z.number(),
    shown: z.number(),
    items: z.array(
      z.object({
        name: z.string(),
        type: z.enum(["gauge", "counter", "distribution", "set"]),
        unit: z.string().nullable(),
        goodDirection: z.enum(["up", "down", "unknown"]),
        lastSeenAt: z.string(),
        link: z.string(),
      }),
    ),
  }),
  events: z.object({
    total: z.number(),
    shown: z.number(),
    items: z.array(z.object({ name: z.string(), count: z.number().describe("events ever stored under the name"), lastSeenAt: z.string(), link: z.string() })),
  }),
  dashboards: z.object({
    total: z.number(),
    shown: z.number(),
    items: z.array(z.object({ id: z.string(), name: z.string(), widgets: z.number(), isDefault: z.boolean(), link: z.string() })),
  }),
  anomalies: z.object({
    since: z.string().describe("ISO instant: episodes open since or active after it"),
    total: z.number(),
    open: z.number(),
    items: z.array(
      z.object({
        id: z.string(),
        status: z.enum(["open", "closed"]),
        severity: z.enum(["low", "medium", "high", "critical"]),
        source: z.enum(["metric", "event"]),
        name: z.string(),
        startedAt: z.string(),
        explanation: z.string(),
        link: z.string(),
      }),
    ),
  }),
});
export type ProjectOverview = z.infer<typeof ProjectOverview>;

const direction = (higherIsBetter: boolean | null) => (higherIsBetter === null ? "unknown" : higherIsBetter ? "up" : "down");

/** The project's metrics, events, dashboards and last week's anomalies (open first), capped, with links. */
export async function projectOverview({ ctx, base, now = Date.now() }: { ctx: Caller; base: string; now?: number }): Promise<{ structured: ProjectOverview; text: string }> {
  requirePermission(ctx, "read");
  const links = fluxLinks(ctx.projectId, base);
  const since = new Date(now - ANOMALY_DAYS * 86_400_000).toISOString();
  const [project, { metrics }, { events }, dashboards, anomalyPage] = await Promise.all([
    getProject({ ctx }),
    listMetrics({ ctx }),
    listEventNames({ ctx }),
    listDashboards({ ctx }),
    listAnomalies({ ctx, input: { from: since, limit: 200 } }),
  ]);
  // Open episodes first, then the newest (listAnomalies gives newest first).
  const episodes = [...anomalyPage.anomalies].sort((a, b) => (a.status === b.status ? 0 : a.status === "open" ? -1 : 1));
  const structured: ProjectOverview = {
    project: { id: project.id, name: project.name },
    generatedAt: new Date(now).toISOString(),
    metrics: {
      total: metrics.length,
      shown: Math.min(metrics.length, OVERVIEW_CAPS.metrics),
      // Recently seen metrics are the ones people ask about.
      items: [...metrics]
        .sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt) || a.name.localeCompare(b.name))
        .slice(0, OVERVIEW_CAPS.metrics)
        .map((m) => ({ name: m.name, type: m.type, unit: m.unit, goodDirection: direction(m.higherIsBetter), lastSeenAt: m.lastSeenAt, link: links.catalog("metric", m.name) })),
    },
    events: {
      total: events.length,
      shown: Math.min(events.length, OVERVIEW_CAPS.events),
      items: events.slice(0, OVERVIEW_CAPS.events).map((e) => ({ name: e.name, count: e.count, lastSeenAt: e.lastSeenAt, link: links.catalog("event", e.name) })),
    },
    dashboards: {
      total: dashboards.length,
      shown: Math.min(dashboards.length, OVERVIEW_CAPS.dashboards),
      items: dashboards
        .slice(0, OVERVIEW_CAPS.dashboards)
        .map((d) => ({ id: d.id, name: d.name, widgets: d.widgets.length, isDefault: d.isDefault, link: links.dashboard(d.id) })),
    },
    anomalies: {
      since,
      total: episodes.length,
      open: episodes.filter((a) => a.status === "open").length,
      items: episodes.slice(0, OVERVIEW_CAPS.anomalies).map((a) => ({
        id: a.id,
        status: a.status,
        severity: a.severity,
        source: a.source,
        name: a.name,
        startedAt: a.startedAt,
        explanation: a.explanation,
        link: links.anomaly(a.id),
      })),
    },
  };
  return { structured, text: overviewText(structured) };
}

const more = (total: number, shown: number, what: string) => (total > shown ? `  … ${total - shown} more ${what} (use the list tools)` : "");

/** The overview as a model reads it: one line per item. */
export function overviewText(o: ProjectOverview): string {
  const lines: string[] = [`Flux project "${o.project.name}" (${o.project.id}), as of ${o.generatedAt}. Times are UTC.`];
  lines.push(`Metrics (${o.metrics.total}):`);
  if (o.metrics.total === 0) lines.push("  none yet");
  for (const m of o.metrics.items) {
    lines.push(`  - ${m.name}: ${m.type}${m.unit ? `, unit ${m.unit}` : ""}, good direction ${m.goodDirection}, last seen ${m.lastSeenAt}`);
  }
  lines.push(more(o.metrics.total, o.metrics.shown, "metrics"));
  lines.push(`Events (${o.events.total}):`);
  if (o.events.total === 0) lines.push("  none yet");
  for (const e of o.events.items) lines.push(`  - ${e.name}: ${e.count} stored, last seen ${e.lastSeenAt}`);
  lines.push(more(o.events.total, o.events.shown, "events"));
  lines.push(`Dashboards (${o.dashboards.total}):`);
  if (o.dashboards.total === 0) lines.push("  none yet");
  for (const d of o.dashboards.items) lines.push(`  - ${d.name}${d.isDefault ? " (default)" : ""}: ${d.widgets} widgets, id ${d.id}, ${d.link}`);
  lines.push(more(o.dashboards.total, o.dashboards.shown, "dashboards"));
  lines.push(`Anomalies since ${o.anomalies.since} (${o.anomalies.total}, ${o.anomalies.open} open):`);
  if (o.anomalies.total === 0) lines.push("  none");
  for (const a of o.anomalies.items) {
    lines.push(`  - [${a.status}, ${a.severity}] ${a.source} ${a.name} since ${a.startedAt}: ${a.explanation} (${a.link})`);
  }
  lines.push(more(o.anomalies.total, o.anomalies.items.length, "anomalies"));
  return lines.filter((l) => l !== "").join("\n");
}
