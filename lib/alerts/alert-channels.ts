import { randomBytes } from "node:crypto";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { alertChannels, alertRules } from "@/lib/db/schema";
import { can, requirePermission, type Caller } from "@/lib/auth/caller";
import { invalid, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { isUuid } from "@/lib/validation/ids";
import { AlertChannelInput, UpdateAlertChannelInput } from "./alert-schemas";

export type ChannelKind = "webhook" | "slack" | "email";
type Row = typeof alertChannels.$inferSelect;

/**
 * A channel as callers see it. Its URL, recipients and signing secret are for admins only
 * (they are where alerts go and how a receiver trusts them); other members see which
 * channels exist, so a rule editor can pick them.
 */
export interface AlertChannelView {
  id: string;
  name: string;
  kind: ChannelKind;
  url?: string;
  to?: string[];
  secret?: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What the sender needs of a channel (server side only). */
export interface ChannelTarget {
  id: string;
  projectId: string;
  name: string;
  kind: ChannelKind;
  url: string | null;
  to: string[];
  secret: string | null;
}

export function toTarget(row: Row): ChannelTarget {
  const config = row.config as { url?: unknown; to?: unknown };
  return {
    id: row.id,
    projectId: row.projectId,
    name: row.name,
    kind: row.kind as ChannelKind,
    url: typeof config.url === "string" ? config.url : null,
    to: Array.isArray(config.to) ? config.to.filter((t): t is string => typeof t === "string") : [],
    secret: row.secret,
  };
}

function toView(row: Row, full: boolean): AlertChannelView {
  const base = { id: row.id, name: row.name, kind: row.kind as ChannelKind, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
  if (!full) return base;
  const target = toTarget(row);
  return { ...base, ...(target.kind === "email" ? { to: target.to } : { url: target.url ?? "" }), secret: row.secret };
}

/** 32 random bytes as hex: the HMAC key a webhook receiver checks X-Flux-Signature with. */
const newSecret = () => `whsec_${randomBytes(32).toString("hex")}`;

const configOf = (input: AlertChannelInput): Record<string, unknown> => (input.kind === "email" ? { to: input.to } : { url: input.url });

export async function loadChannelRow(ctx: Caller, channelId: string): Promise<Row> {
  if (!isUuid(channelId)) throw notFound("Alert channel not found");
  const [row] = await db().select().from(alertChannels).where(and(eq(alertChannels.id, channelId), eq(alertChannels.projectId, ctx.projectId))).limit(1);
  if (!row) throw notFound("Alert channel not found");
  return row;
}

export async function listAlertChannels({ ctx }: { ctx: Caller }): Promise<AlertChannelView[]> {
  requirePermission(ctx, "read");
  const rows = await db().select().from(alertChannels).where(eq(alertChannels.projectId, ctx.projectId)).orderBy(asc(alertChannels.createdAt), asc(alertChannels.id));
  const full = can(ctx, "admin");
  return rows.map((r) => toView(r, full));
}

export async function getAlertChannel({ ctx, id }: { ctx: Caller; id: string }): Promise<AlertChannelView> {
  requirePermission(ctx, "read");
  return toView(await loadChannelRow(ctx, id), can(ctx, "admin"));
}

export async function createAlertChannel({ ctx, input }: { ctx: Caller; input: unknown }): Promise<AlertChannelView> {
  requirePermission(ctx, "admin");
  const data = parseInput(AlertChannelInput, input, "Invalid alert channel");
  const [row] = await db()
    .insert(alertChannels)
    .values({ projectId: ctx.projectId, name: data.name, kind: data.kind, config: configOf(data), secret: data.kind === "webhook" ? newSecret() : null })
    .returning();
  return toView(row, true);
}

export async function updateAlertChannel({ ctx, id, input }: { ctx: Caller; id: string; input: unknown }): Promise<AlertChannelView> {
  requirePermission(ctx, "admin");
  const patch = parseInput(UpdateAlertChannelInput, input, "Invalid alert channel");
  return db().transaction(async (tx) => {
    if (!isUuid(id)) throw notFound("Alert channel not found");
    const [row] = await tx.select().from(alertChannels).where(and(eq(alertChannels.id, id), eq(alertChannels.projectId, ctx.projectId))).for("update").limit(1);
    if (!row) throw notFound("Alert channel not found");
    const kind = row.kind as ChannelKind;
    if (patch.to !== undefined && kind !== "email") throw invalid("Invalid alert channel", [{ field: "to", message: `A ${kind} channel has a url, not recipients` }]);
    if (patch.url !== undefined && kind === "email") throw invalid("Invalid alert channel", [{ field: "url", message: "An email channel has recipients (to), not a url" }]);
    if (patch.rotateSecret && kind !== "webhook") throw invalid("Invalid alert channel", [{ field: "rotateSecret", message: "Only webhook channels sign their messages" }]);
    const config = { ...(row.config as Record<string, unknown>), ...(patch.url !== undefined ? { url: patch.url } : {}), ...(patch.to !== undefined ? { to: patch.to } : {}) };
    const [updated] = await tx
      .update(alertChannels)
      .set({ name: patch.name ?? row.name, config, secret: patch.rotateSecret ? newSecret() : row.secret, updatedAt: new Date() })
      .where(eq(alertChannels.id, row.id))
      .returning();
    return toView(updated, true);
  });
}

/** Deletes a channel and takes it out of every rule that sent to it (its messages go by cascade). */
export async function deleteAlertChannel({ ctx, id }: { ctx: Caller; id: string }): Promise<void> {
  requirePermission(ctx, "admin");
  if (!isUuid(id)) throw notFound("Alert channel not found");
  await db().transaction(async (tx) => {
    const [row] = await tx.delete(alertChannels).where(and(eq(alertChannels.id, id), eq(alertChannels.projectId, ctx.projectId))).returning({ id: alertChannels.id });
    if (!row) throw notFound("Alert channel not found");
    await tx
      .update(alertRules)
      .set({ channelIds: sql`array_remove(${alertRules.channelIds}, ${id}::uuid)` })
      .where(and(eq(alertRules.projectId, ctx.projectId), sql`${id}::uuid = ANY(${alertRules.channelIds})`));
  });
}

/** Checks that every id names a channel of the caller's project (rules may only send there). */
export async function assertChannelsExist(ctx: Caller, ids: readonly string[], field = "channelIds"): Promise<void> {
  if (ids.length === 0) return;
  const rows = await db()
    .select({ id: alertChannels.id })
    .from(alertChannels)
    .where(and(eq(alertChannels.projectId, ctx.projectId), inArray(alertChannels.id, [...ids])));
  const known = new Set(rows.map((r) => r.id));
  const missing = ids.findIndex((id) => !known.has(id));
  if (missing >= 0) throw invalid("Invalid alert rule", [{ field: `${field}.${missing}`, message: "No such alert channel in this project" }]);
}
