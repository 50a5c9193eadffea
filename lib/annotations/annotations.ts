import { and, arrayContains, asc, eq, gte, isNull, lte, or } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { annotations, apiKeys, users } from "@/lib/db/schema";
import { can, requirePermission, type Caller } from "@/lib/auth/caller";
import { forbidden, invalid, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { isUuid } from "@/lib/validation/ids";
import {
  CreateAnnotationInput,
  LIST_LIMIT,
  ListAnnotationsInput,
  SPAN_MAX_MS,
  spanProblem,
  UpdateAnnotationInput,
  type AnnotationView,
} from "./annotation-schemas";

export type { AnnotationView } from "./annotation-schemas";

const viewColumns = {
  id: annotations.id,
  startsAt: annotations.startsAt,
  endsAt: annotations.endsAt,
  title: annotations.title,
  description: annotations.description,
  tags: annotations.tags,
  createdAt: annotations.createdAt,
  userEmail: users.email,
  keyName: apiKeys.name,
};

type Row = Awaited<ReturnType<typeof selectViews>>[number];

function toView(row: Row): AnnotationView {
  return {
    id: row.id,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt ? row.endsAt.toISOString() : null,
    title: row.title,
    description: row.description,
    tags: row.tags,
    createdBy: row.userEmail ?? row.keyName ?? null,
    createdByKind: row.userEmail ? "user" : row.keyName ? "key" : null,
    createdAt: row.createdAt.toISOString(),
  };
}

function selectViews() {
  return db()
    .select(viewColumns)
    .from(annotations)
    .leftJoin(users, eq(users.id, annotations.createdByUser))
    .leftJoin(apiKeys, eq(apiKeys.id, annotations.createdByKey));
}

async function viewOf(projectId: string, id: string): Promise<AnnotationView> {
  const [row] = await selectViews().where(and(eq(annotations.projectId, projectId), eq(annotations.id, id)));
  if (!row) throw notFound("Annotation not found");
  return toView(row);
}

// A deploy pipeline holds an ingest key and marks its deploys: for keys, the ingest scope (or
// admin, which includes it) is enough to add an annotation. People need "write", as for any
// other edit, so a viewer cannot draw on everyone's graphs. Nothing else changes for keys.
function requireAnnotate(ctx: Caller): void {
  if (ctx.kind === "key") {
    if (!can(ctx, "ingest")) throw forbidden("This API key needs the 'ingest' or 'admin' scope to add annotations");
    return;
  }
  requirePermission(ctx, "write");
}

/** Adds an instant (no endsAt) or a span; startsAt defaults to now. */
export async function createAnnotation({ ctx, input }: { ctx: Caller; input: unknown }): Promise<AnnotationView> {
  requireAnnotate(ctx);
  const valid = parseInput(CreateAnnotationInput, input, "Invalid annotation");
  const startsAt = valid.startsAt ?? Date.now();
  const endsAt = valid.endsAt ?? null;
  const problem = spanProblem(startsAt, endsAt);
  if (problem) throw invalid("Invalid annotation", [problem]);
  const [row] = await db()
    .insert(annotations)
    .values({
      projectId: ctx.projectId,
      startsAt: new Date(startsAt),
      endsAt: endsAt === null ? null : new Date(endsAt),
      title: valid.title,
      description: valid.description ?? null,
      tags: valid.tags ?? [],
      createdByUser: ctx.kind === "user" ? ctx.userId : null,
      createdByKey: ctx.kind === "key" ? ctx.keyId : null,
    })
    .returning({ id: annotations.id });
  return viewOf(ctx.projectId, row.id);
}

/**
 * Annotations overlapping [from, to] (an instant inside it, a span touching it), oldest first,
 * with every given tag. At most LIST_LIMIT; spans are bounded, so the start index bounds the scan.
 */
export async function listAnnotations({ ctx, input }: { ctx: Caller; input: unknown }): Promise<AnnotationView[]> {
  requirePermission(ctx, "read");
  const valid = parseInput(ListAnnotationsInput, input, "Invalid annotation range");
  const from = new Date(valid.from);
  const to = new Date(valid.to);
  const rows = await selectViews()
    .where(
      and(
        eq(annotations.projectId, ctx.projectId),
        gte(annotations.startsAt, new Date(valid.from - SPAN_MAX_MS)),
        lte(annotations.startsAt, to),
        or(and(isNull(annotations.endsAt), gte(annotations.startsAt, from)), gte(annotations.endsAt, from)),
        valid.tags && valid.tags.length > 0 ? arrayContains(annotations.tags, valid.tags) : undefined,
      ),
    )
    .orderBy(asc(annotations.startsAt), asc(annotations.id))
    .limit(LIST_LIMIT);
  return rows.map(toView);
}

export async function getAnnotation({ ctx, id }: { ctx: Caller; id: string }): Promise<AnnotationView> {
  requirePermission(ctx, "read");
  if (!isUuid(id)) throw notFound("Annotation not found");
  return viewOf(ctx.projectId, id);
}

/** Changes any of startsAt, endsAt (null makes it an instant), title, description, tags. */
export async function updateAnnotation({ ctx, id, input }: { ctx: Caller; id: string; input: unknown }): Promise<AnnotationView> {
  requirePermission(ctx, "write");
  const valid = parseInput(UpdateAnnotationInput, input, "Invalid annotation");
  if (!isUuid(id)) throw notFound("Annotation not found");
  await db().transaction(async (tx) => {
    const [current] = await tx
      .select({ startsAt: annotations.startsAt, endsAt: annotations.endsAt })
      .from(annotations)
      .where(and(eq(annotations.projectId, ctx.projectId), eq(annotations.id, id)))
      .for("update");
    if (!current) throw notFound("Annotation not found");
    const startsAt = valid.startsAt ?? current.startsAt.getTime();
    const endsAt = valid.endsAt !== undefined ? valid.endsAt : (current.endsAt?.getTime() ?? null);
    const problem = spanProblem(startsAt, endsAt);
    if (problem) throw invalid("Invalid annotation", [problem]);
    await tx
      .update(annotations)
      .set({
        startsAt: new Date(startsAt),
        endsAt: endsAt === null ? null : new Date(endsAt),
        ...(valid.title !== undefined && { title: valid.title }),
        ...(valid.description !== undefined && { description: valid.description }),
        ...(valid.tags !== undefined && { tags: valid.tags }),
      })
      .where(and(eq(annotations.projectId, ctx.projectId), eq(annotations.id, id)));
  });
  return viewOf(ctx.projectId, id);
}

export async function deleteAnnotation({ ctx, id }: { ctx: Caller; id: string }): Promise<void> {
  requirePermission(ctx, "write");
  if (!isUuid(id)) throw notFound("Annotation not found");
  const deleted = await db()
    .delete(annotations)
    .where(and(eq(annotations.projectId, ctx.projectId), eq(annotations.id, id)))
    .returning({ id: annotations.id });
  if (deleted.length === 0) throw notFound("Annotation not found");
}
