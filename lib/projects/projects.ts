import { keepRollupsSql } from "@/lib/storage/retention/delete-rows";
import { asc, eq, sql as dsql } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { memberships, projects } from "@/lib/db/schema";
import { requirePermission, type Caller } from "@/lib/auth/caller";
import type { ProjectRole } from "@/lib/auth/scopes";
import { invalid, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { StorableString } from "@/lib/validation/text";

export const ProjectName = StorableString("Give the project a name").trim().min(1, "Give the project a name").max(80, "Use at most 80 characters");

export interface ProjectSummary {
  id: string;
  name: string;
  role: ProjectRole;
  createdAt: Date;
}

function parseName(input: unknown): string {
  return parseInput(z.object({ name: ProjectName }), input, "Invalid project").name;
}

/** Creates a project with its creator as owner. */
export async function createProject({ userId, input }: { userId: string; input: unknown }) {
  const name = parseName(input);
  return db().transaction(async (tx) => {
    const [project] = await tx.insert(projects).values({ name }).returning({ id: projects.id, name: projects.name });
    await tx.insert(memberships).values({ projectId: project.id, userId, role: "owner" });
    return project;
  });
}

export async function listProjectsForUser({ userId }: { userId: string }): Promise<ProjectSummary[]> {
  const rows = await db()
    .select({ id: projects.id, name: projects.name, role: memberships.role, createdAt: projects.createdAt })
    .from(memberships)
    .innerJoin(projects, eq(projects.id, memberships.projectId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(projects.createdAt));
  return rows as ProjectSummary[];
}

export async function getProject({ ctx }: { ctx: Caller }) {
  const [row] = await db()
    .select({ id: projects.id, name: projects.name, createdAt: projects.createdAt, defaultDashboardId: projects.defaultDashboardId, settings: projects.settings })
    .from(projects)
    .where(eq(projects.id, ctx.projectId))
    .limit(1);
  if (!row) throw notFound("Project not found");
  return row;
}

export async function renameProject({ ctx, input }: { ctx: Caller; input: unknown }) {
  requirePermission(ctx, "admin");
  const name = parseName(input);
  await db().update(projects).set({ name }).where(eq(projects.id, ctx.projectId));
  return { id: ctx.projectId, name };
}

/** Deletes the project and, through cascades and the raw-table sweep, all of its data. */
export async function deleteProject({ ctx, input }: { ctx: Caller; input: unknown }) {
  requirePermission(ctx, "admin");
  const project = await getProject({ ctx });
  const parsed = z.object({ confirm: z.string() }).safeParse(input);
  if (!parsed.success || parsed.data.confirm.trim() !== project.name) {
    throw invalid("Type the project's name to confirm", [{ field: "confirm", message: `Type "${project.name}" to confirm` }]);
  }
  await db().transaction(async (tx) => {
    // Raw events carry project_id without a foreign key (partitioned tables); points go with their series.
    // Not recorded as changes to re-aggregate: on TimescaleDB that would rebuild other projects' hours too.
    await tx.execute(dsql.raw(keepRollupsSql()));
    await tx.execute(dsql`DELETE FROM events WHERE project_id = ${ctx.projectId}`);
    await tx.execute(dsql`DELETE FROM points WHERE series_id IN (SELECT id FROM series WHERE project_id = ${ctx.projectId})`);
    await tx.execute(dsql`DELETE FROM set_points WHERE series_id IN (SELECT id FROM series WHERE project_id = ${ctx.projectId})`);
    // Compressed days on plain PostgreSQL (lib/storage/compression) hold rows of their own.
    const [{ packed }] = (await tx.execute(dsql`SELECT to_regclass('points_packed') IS NOT NULL AS packed`)) as unknown as { packed: boolean }[];
    if (packed) {
      await tx.execute(dsql`DELETE FROM events_packed WHERE project_id = ${ctx.projectId}`);
      await tx.execute(dsql`DELETE FROM points_packed WHERE series_id IN (SELECT id FROM series WHERE project_id = ${ctx.projectId})`);
      await tx.execute(dsql`DELETE FROM set_points_packed WHERE series_id IN (SELECT id FROM series WHERE project_id = ${ctx.projectId})`);
    }
    await tx.delete(projects).where(eq(projects.id, ctx.projectId));
  });
}
