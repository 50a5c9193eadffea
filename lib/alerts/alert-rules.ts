import { and, asc, eq, inArray, ne } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { alertRules, alertStates, alertTransitions } from "@/lib/db/schema";
import { requirePermission, type Caller } from "@/lib/auth/caller";
import { notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { isUuid } from "@/lib/validation/ids";
import { publishAlertsChanged } from "@/lib/live/publish-alerts";
import { AlertCondition, AlertRuleInput, UpdateAlertRuleInput, type AlertState } from "./alert-schemas";
import { assertChannelsExist } from "./alert-channels";

type Row = typeof alertRules.$inferSelect;
type Tx = Parameters<Parameters<ReturnType<typeof db>["transaction"]>[0]>[0];

export interface AlertGroupState {
  groupKey: string;
  group: Record<string, string>;
  state: AlertState;
  since: string;
  lastValue: number | null;
  lastEvaluatedAt: string | null;
  message: string | null;
}

export interface AlertRuleView {
  id: string;
  name: string;
  severity: "info" | "warning" | "critical";
  channelIds: string[];
  renotifyMinutes: number | null;
  mutedUntil: string | null;
  enabled: boolean;
  condition: AlertCondition;
  createdAt: string;
  updatedAt: string;
  states: AlertGroupState[];
}

/** A stored condition read back; one that no longer parses (an older shape) is shown as stored. */
export function storedCondition(row: Row): AlertCondition {
  const parsed = AlertCondition.safeParse(row.condition);
  return parsed.success ? parsed.data : (row.condition as AlertCondition);
}

function toView(row: Row, states: (typeof alertStates.$inferSelect)[]): AlertRuleView {
  return {
    id: row.id,
    name: row.name,
    severity: row.severity as AlertRuleView["severity"],
    channelIds: row.channelIds,
    renotifyMinutes: row.renotifyMinutes,
    mutedUntil: row.mutedUntil?.toISOString() ?? null,
    enabled: row.enabled,
    condition: storedCondition(row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    states: states
      .filter((s) => s.ruleId === row.id)
      .map((s) => ({
        groupKey: s.groupKey,
        group: s.group,
        state: s.state as AlertState,
        since: s.since.toISOString(),
        lastValue: s.lastValue,
        lastEvaluatedAt: s.lastEvaluatedAt?.toISOString() ?? null,
        message: s.message,
      })),
  };
}

function checkId(id: string): string {
  if (!isUuid(id)) throw notFound("Alert rule not found");
  return id;
}

async function statesOf(ruleIds: string[]) {
  if (ruleIds.length === 0) return [];
  return db().select().from(alertStates).where(inArray(alertStates.ruleId, ruleIds)).orderBy(asc(alertStates.groupKey));
}

export async function listAlertRules({ ctx }: { ctx: Caller }): Promise<AlertRuleView[]> {
  requirePermission(ctx, "read");
  const rows = await db().select().from(alertRules).where(eq(alertRules.projectId, ctx.projectId)).orderBy(asc(alertRules.createdAt), asc(alertRules.id));
  const states = await statesOf(rows.map((r) => r.id));
  return rows.map((r) => toView(r, states));
}

export async function getAlertRule({ ctx, id }: { ctx: Caller; id: string }): Promise<AlertRuleView> {
  requirePermission(ctx, "read");
  checkId(id);
  const [row] = await db().select().from(alertRules).where(and(eq(alertRules.id, id), eq(alertRules.projectId, ctx.projectId))).limit(1);
  if (!row) throw notFound("Alert rule not found");
  return toView(row, await statesOf([row.id]));
}

export async function createAlertRule({ ctx, input }: { ctx: Caller; input: unknown }): Promise<AlertRuleView> {
  requirePermission(ctx, "write");
  const data = parseInput(AlertRuleInput, input, "Invalid alert rule");
  await assertChannelsExist(ctx, data.channelIds);
  const [row] = await db()
    .insert(alertRules)
    .values({
      projectId: ctx.projectId,
      name: data.name,
      kind: data.condition.kind,
      condition: data.condition as Record<string, unknown>,
      severity: data.severity,
      channelIds: data.channelIds,
      renotifyMinutes: data.renotifyMinutes,
      mutedUntil: data.mutedUntil ? new Date(data.mutedUntil) : null,
      enabled: data.enabled,
      createdBy: ctx.kind === "user" ? ctx.userId : null,
    })
    .returning();
  return toView(row, []);
}

/**
 * Edits a rule. A new condition or disabling it ends its current states (each recorded as a
 * transition to normal, without a message: nothing recovered, the question changed), so the
 * header never shows a rule firing that is no longer evaluated.
 */
export async function updateAlertRule({ ctx, id, input }: { ctx: Caller; id: string; input: unknown }): Promise<AlertRuleView> {
  requirePermission(ctx, "write");
  checkId(id);
  const patch = parseInput(UpdateAlertRuleInput, input, "Invalid alert rule");
  if (patch.channelIds) await assertChannelsExist(ctx, patch.channelIds);
  let reset = false;
  const view = await db().transaction(async (tx) => {
    const [row] = await tx.select().from(alertRules).where(and(eq(alertRules.id, id), eq(alertRules.projectId, ctx.projectId))).for("update").limit(1);
    if (!row) throw notFound("Alert rule not found");
    const conditionChanged = patch.condition !== undefined && JSON.stringify(patch.condition) !== JSON.stringify(row.condition);
    const disabled = patch.enabled === false && row.enabled;
    const [updated] = await tx
      .update(alertRules)
      .set({
        name: patch.name ?? row.name,
        severity: patch.severity ?? row.severity,
        channelIds: patch.channelIds ?? row.channelIds,
        renotifyMinutes: patch.renotifyMinutes === undefined ? row.renotifyMinutes : patch.renotifyMinutes,
        mutedUntil: patch.mutedUntil === undefined ? row.mutedUntil : patch.mutedUntil === null ? null : new Date(patch.mutedUntil),
        enabled: patch.enabled ?? row.enabled,
        ...(patch.condition ? { condition: patch.condition as Record<string, unknown>, kind: patch.condition.kind } : {}),
        updatedAt: new Date(),
      })
      .where(eq(alertRules.id, row.id))
      .returning();
    if (conditionChanged || disabled) reset = await resetStates(tx, row, conditionChanged ? "The rule's condition changed" : "The rule was disabled");
    const states = await tx.select().from(alertStates).where(eq(alertStates.ruleId, row.id)).orderBy(asc(alertStates.groupKey));
    return toView(updated, states);
  });
  if (reset) await publishAlertsChanged(ctx.projectId);
  return view;
}

async function resetStates(tx: Tx, rule: Row, message: string): Promise<boolean> {
  const live = await tx.select().from(alertStates).where(and(eq(alertStates.ruleId, rule.id), ne(alertStates.state, "normal")));
  if (live.length > 0) {
    await tx.insert(alertTransitions).values(live.map((s) => ({ projectId: rule.projectId, ruleId: rule.id, groupKey: s.groupKey, fromState: s.state, toState: "normal", value: null, message })));
  }
  await tx.delete(alertStates).where(eq(alertStates.ruleId, rule.id));
  return live.length > 0;
}

export async function deleteAlertRule({ ctx, id }: { ctx: Caller; id: string }): Promise<void> {
  requirePermission(ctx, "write");
  checkId(id);
  const [row] = await db().delete(alertRules).where(and(eq(alertRules.id, id), eq(alertRules.projectId, ctx.projectId))).returning({ id: alertRules.id });
  if (!row) throw notFound("Alert rule not found");
  await publishAlertsChanged(ctx.projectId);
}
