import type { Caller } from "@/lib/auth/caller";
import { ingestBatch } from "@/lib/ingest/ingest-batch";
import { createDashboard, updateDashboard } from "@/lib/dashboards/dashboards";
import { INGEST_LIMITS } from "@/lib/ingest/limits";
import { updateMetricMetadata } from "@/lib/catalog/update-metric-metadata";
import { generateDemoHistory } from "./demo-history";
import { DEMO_WIDGETS } from "./demo-dashboard";

/** What the catalog says about the demo metrics (units drive formatting in every widget). */
const DEMO_METRIC_METADATA: Record<string, { displayName: string; unit?: string; description: string }> = {
  "http.request.duration": { displayName: "Response time", unit: "ms", description: "Server time per API request, by endpoint" },
  active_users: { displayName: "Active users", description: "Users with a session in the last 5 minutes" },
  "api.calls": { displayName: "API calls", description: "Requests served, by endpoint" },
  "api.errors": { displayName: "API errors", description: "Requests answered with a 5xx status" },
};

export interface SeedDemoResult {
  events: number;
  points: number;
  dashboardId: string;
  ms: number;
}

/**
 * Fills a project with the demo month, sent through the same ingest path as the SDK, and
 * adds the demo dashboard as the project's default. The caller needs ingest and write.
 */
export async function seedDemo({ ctx, input = {} }: { ctx: Caller; input?: { end?: number; days?: number; seed?: number; dashboardName?: string } }): Promise<SeedDemoResult> {
  const started = Date.now();
  const { events, metrics } = generateDemoHistory({ end: input.end ?? Date.now(), days: input.days ?? 30, seed: input.seed });
  const batch = INGEST_LIMITS.maxItemsPerBatch;
  let accepted = 0;
  for (let i = 0; i < events.length; i += batch) accepted += (await ingestBatch({ ctx, input: { events: events.slice(i, i + batch) } })).accepted;
  for (let i = 0; i < metrics.length; i += batch) accepted += (await ingestBatch({ ctx, input: { metrics: metrics.slice(i, i + batch) } })).accepted;
  if (accepted !== events.length + metrics.length) throw new Error(`Demo seeding stored ${accepted} of ${events.length + metrics.length} items`);
  for (const [name, meta] of Object.entries(DEMO_METRIC_METADATA)) await updateMetricMetadata({ ctx, name, input: meta });
  const dashboard = await createDashboard({ ctx, input: { name: input.dashboardName ?? "Demo dashboard", widgets: DEMO_WIDGETS, range: "7d" } });
  await updateDashboard({ ctx, dashboardId: dashboard.id, input: { isDefault: true } });
  return { events: events.length, points: metrics.length, dashboardId: dashboard.id, ms: Date.now() - started };
}
