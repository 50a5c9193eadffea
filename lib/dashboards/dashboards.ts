import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { dashboards, projects } from "@/lib/db/schema";
import { requirePermission, type Caller } from "@/lib/auth/caller";
import { notFound } from "@/lib/errors";
import { CreateDashboardInput, DashboardDefinition, parseStoredDefinition, ReplaceDashboardInput, UpdateDashboardInput, type Dashboard, type Widget } from "./schema";
import { parseInput } from "@/lib/validation";
import { isUuid } from "@/lib/validation/ids";
import { ensureTimeZoneDirectory } from "@/lib/time/load-time-zones";

type Row = typeof dashboards.$inferSelect;

/** Dashboards carry a time zone, validated against the database's own list. */
async function parse<S extends z.ZodType>(schema: S, input: unknown): Promise<z.output<S>> {
  await ensureTimeZoneDirectory();
  return parseInput(schema, input, "Invalid dashboard");
}

/** Dashboard ids are uuids: any other text names no dashboard (and would be a database error). */
function checkId(dashboardId: string): string {
  if (!isUuid(dashboardId)) throw notFound("Dashboard not found");
  return dashboardId;
}

function toDashboard(row: Row, defaultId: string | null): Dashboard {
  const { definition, problems } = parseStoredDefinition(row.definition);
  if (problems.length > 0) console.warn(`[flux] dashboard ${row.id}: ${problems.join("; ")}`);
  return {
    id: row.id,
    name: row.name,
    ...definition,
    isDefault: row.id === defaultId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ...(problems.length > 0 ? { problems } : {}),
  };
}

async function defaultDashboardId(projectId: string): Promise<string | null> {
  const [row] = await db().select({ id: projects.defaultDashboardId }).from(projects).where(eq(projects.id, projectId)).limit(1);
  return row?.id ?? null;
}

async function loadRow(ctx: Caller, dashboardId: string): Promise<Row> {
  checkId(dashboardId);
  const [row] = await db()
    .select()
    .from(dashboards)
    .where(and(eq(dashboards.id, dashboardId), eq(dashboards.projectId, ctx.projectId)))
    .limit(1);
  if (!row) throw notFound("Dashboard not found");
  return row;
}

/** What is stored: an unset zone is left out (each viewer's own), never written as UTC. */
const definitionOf = (d: DashboardDefinition): DashboardDefinition => ({
  widgets: d.widgets,
  range: d.range,
  refreshSeconds: d.refreshSeconds,
  interval: d.interval,
  ...(d.timezone ? { timezone: d.timezone } : {}),
});

export async function listDashboards({ ctx }: { ctx: Caller }): Promise<Dashboard[]> {
  requirePermission(ctx, "read");
  const [rows, defaultId] = await Promise.all([
    db().select().from(dashboards).where(eq(dashboards.projectId, ctx.projectId)).orderBy(asc(dashboards.createdAt)),
    defaultDashboardId(ctx.projectId),
  ]);
  return rows.map((r) => toDashboard(r, defaultId));
}

export async function getDashboard({ ctx, dashboardId }: { ctx: Caller; dashboardId: string }): Promise<Dashboard> {
  requirePermission(ctx, "read");
  const [row, defaultId] = await Promise.all([loadRow(ctx, dashboardId), defaultDashboardId(ctx.projectId)]);
  return toDashboard(row, defaultId);
}

/** The project's default dashboard, else its first, else null. */
export async function getDefaultDashboard({ ctx }: { ctx: Caller }): Promise<Dashboard | null> {
  const all = await listDashboards({ ctx });
  return all.find((d) => d.isDefault) ?? all[0] ?? null;
}

export async function createDashboard({ ctx, input }: { ctx: Caller; input: unknown }): Promise<Dashboard> {
  requirePermission(ctx, "write");
  const data = await parse(CreateDashboardInput, input);
  const definition = DashboardDefinition.parse(data);
  const [row] = await db()
    .insert(dashboards)
    .values({ projectId: ctx.projectId, name: data.name, definition: definitionOf(definition), createdBy: ctx.kind === "user" ? ctx.userId : null })
    .returning();
  return toDashboard(row, await defaultDashboardId(ctx.projectId));
}

/** PUT: the whole dashboard replaced by the given one. */
export async function replaceDashboard({ ctx, dashboardId, input }: { ctx: Caller; dashboardId: string; input: unknown }): Promise<Dashboard> {
  requirePermission(ctx, "write");
  checkId(dashboardId);
  const data = await parse(ReplaceDashboardInput, input);
  await loadRow(ctx, dashboardId);
  const [row] = await db()
    .update(dashboards)
    .set({ name: data.name, definition: definitionOf(data), updatedAt: new Date() })
    .where(and(eq(dashboards.id, dashboardId), eq(dashboards.projectId, ctx.projectId)))
    .returning();
  return toDashboard(row, await defaultDashboardId(ctx.projectId));
}

/** PATCH: rename, save layout and widgets, save the default view (range, interval, zone, refresh), or make it the default. */
export async function updateDashboard({ ctx, dashboardId, input }: { ctx: Caller; dashboardId: string; input: unknown }): Promise<Dashboard> {
  requirePermission(ctx, "write");
  checkId(dashboardId);
  const patch = await parse(UpdateDashboardInput, input);
  return updateLocked(ctx, dashboardId, async () => patch);
}

/**
 * Changes a dashboard's widgets starting from what is stored, under the same row lock as
 * every save: a save landing meanwhile is built upon, not overwritten ("Add to dashboard").
 */
export async function editDashboardWidgets({ ctx, dashboardId, edit }: { ctx: Caller; dashboardId: string; edit: (widgets: Widget[]) => Widget[] }): Promise<Dashboard> {
  requirePermission(ctx, "write");
  checkId(dashboardId);
  return updateLocked(ctx, dashboardId, (stored) => parse(UpdateDashboardInput, { widgets: edit(stored.widgets) }));
}

async function updateLocked(ctx: Caller, dashboardId: string, patchOf: (stored: DashboardDefinition) => Promise<z.infer<typeof UpdateDashboardInput>>): Promise<Dashboard> {
  return db().transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(dashboards)
      .where(and(eq(dashboards.id, dashboardId), eq(dashboards.projectId, ctx.projectId)))
      .for("update")
      .limit(1);
    if (!current) throw notFound("Dashboard not found");
    const { timezone, ...stored } = parseStoredDefinition(current.definition).definition;
    const patch = await patchOf({ ...stored, timezone });
    const zone = patch.timezone === null ? undefined : (patch.timezone ?? timezone);
    const changes = stripUndefined({ widgets: patch.widgets, range: patch.range, refreshSeconds: patch.refreshSeconds, interval: patch.interval });
    const definition = DashboardDefinition.parse({ ...stored, ...changes, ...(zone ? { timezone: zone } : {}) });
    const [row] = await tx
      .update(dashboards)
      .set({ name: patch.name ?? current.name, definition: definitionOf(definition), updatedAt: new Date() })
      .where(eq(dashboards.id, dashboardId))
      .returning();
    if (patch.isDefault) await tx.update(projects).set({ defaultDashboardId: dashboardId }).where(eq(projects.id, ctx.projectId));
    const [project] = await tx.select({ id: projects.defaultDashboardId }).from(projects).where(eq(projects.id, ctx.projectId));
    return toDashboard(row, project?.id ?? null);
  });
}

export async function duplicateDashboard({ ctx, dashboardId, input }: { ctx: Caller; dashboardId: string; input?: unknown }): Promise<Dashboard> {
  requirePermission(ctx, "write");
  const source = toDashboard(await loadRow(ctx, dashboardId), null);
  const name = input === undefined || input === null ? undefined : (await parse(z.object({ name: CreateDashboardInput.shape.name.optional() }), input)).name;
  return createDashboard({ ctx, input: { ...definitionOf(source), name: name ?? `${source.name} (copy)`.slice(0, 100) } });
}

export async function deleteDashboard({ ctx, dashboardId }: { ctx: Caller; dashboardId: string }): Promise<void> {
  requirePermission(ctx, "write");
  await loadRow(ctx, dashboardId);
  await db().transaction(async (tx) => {
    await tx.update(projects).set({ defaultDashboardId: null }).where(and(eq(projects.id, ctx.projectId), eq(projects.defaultDashboardId, dashboardId)));
    await tx.delete(dashboards).where(and(eq(dashboards.id, dashboardId), eq(dashboards.projectId, ctx.projectId)));
  });
}

function stripUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
