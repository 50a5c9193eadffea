import { and, asc, desc, eq, inArray, lt } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { alertChannels, alertDeliveries, alertRules, alertStates, alertTransitions } from "@/lib/db/schema";
import { requirePermission, type Caller } from "@/lib/auth/caller";
import { parseInput } from "@/lib/validation";
import { AlertHistoryInput, type AlertState } from "./alert-schemas";

export interface AlertDeliveryView {
  id: number;
  channelId: string;
  channelName: string | null;
  channelKind: string | null;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  nextAttemptAt: string | null;
  responseStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface AlertTransitionView {
  id: number;
  ruleId: string;
  ruleName: string;
  groupKey: string;
  fromState: AlertState;
  toState: AlertState;
  at: string;
  value: number | null;
  message: string;
  anomalyId: string | null;
  deliveries: AlertDeliveryView[];
}

/** Every state change of the project's rules, newest first, each with the messages it sent. */
export async function listAlertHistory({ ctx, input }: { ctx: Caller; input?: unknown }): Promise<{ transitions: AlertTransitionView[]; nextCursor: string | null }> {
  requirePermission(ctx, "read");
  const { ruleId, limit, cursor } = parseInput(AlertHistoryInput, input ?? {}, "Invalid history request");
  const rows = await db()
    .select({ t: alertTransitions, ruleName: alertRules.name })
    .from(alertTransitions)
    .innerJoin(alertRules, eq(alertRules.id, alertTransitions.ruleId))
    .where(
      and(
        eq(alertTransitions.projectId, ctx.projectId),
        ruleId ? eq(alertTransitions.ruleId, ruleId) : undefined,
        cursor ? lt(alertTransitions.id, Number(cursor)) : undefined,
      ),
    )
    .orderBy(desc(alertTransitions.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const ids = page.map((r) => r.t.id);
  const deliveries = ids.length === 0 ? [] : await db()
    .select({ d: alertDeliveries, channelName: alertChannels.name, channelKind: alertChannels.kind })
    .from(alertDeliveries)
    .leftJoin(alertChannels, eq(alertChannels.id, alertDeliveries.channelId))
    .where(and(eq(alertDeliveries.projectId, ctx.projectId), inArray(alertDeliveries.transitionId, ids)))
    .orderBy(asc(alertDeliveries.id));
  return {
    transitions: page.map(({ t, ruleName }) => ({
      id: t.id,
      ruleId: t.ruleId,
      ruleName,
      groupKey: t.groupKey,
      fromState: t.fromState as AlertState,
      toState: t.toState as AlertState,
      at: t.at.toISOString(),
      value: t.value,
      message: t.message,
      anomalyId: t.anomalyId,
      deliveries: deliveries.filter((d) => d.d.transitionId === t.id).map(({ d, channelName, channelKind }) => toDeliveryView(d, channelName, channelKind)),
    })),
    nextCursor: rows.length > limit ? String(page[page.length - 1].t.id) : null,
  };
}

export function toDeliveryView(d: typeof alertDeliveries.$inferSelect, channelName: string | null, channelKind: string | null): AlertDeliveryView {
  return {
    id: d.id,
    channelId: d.channelId,
    channelName,
    channelKind,
    status: d.status as AlertDeliveryView["status"],
    attempts: d.attempts,
    nextAttemptAt: d.status === "pending" ? d.nextAttemptAt.toISOString() : null,
    responseStatus: d.responseStatus,
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
  };
}

export interface FiringAlert {
  ruleId: string;
  name: string;
  severity: "info" | "warning" | "critical";
  groupKey: string;
  group: Record<string, string>;
  since: string;
  message: string | null;
  muted: boolean;
}

/** What is firing now (enabled rules), most severe first, then the longest-firing. */
export async function firingAlerts({ ctx }: { ctx: Caller }): Promise<FiringAlert[]> {
  requirePermission(ctx, "read");
  const rows = await db()
    .select({ s: alertStates, rule: alertRules })
    .from(alertStates)
    .innerJoin(alertRules, eq(alertRules.id, alertStates.ruleId))
    .where(and(eq(alertStates.projectId, ctx.projectId), eq(alertStates.state, "firing"), eq(alertRules.enabled, true)))
    .orderBy(asc(alertStates.since));
  const rank = { critical: 0, warning: 1, info: 2 } as Record<string, number>;
  const now = Date.now();
  return rows
    .map(({ s, rule }) => ({
      ruleId: rule.id,
      name: rule.name,
      severity: rule.severity as FiringAlert["severity"],
      groupKey: s.groupKey,
      group: s.group,
      since: s.since.toISOString(),
      message: s.message,
      muted: rule.mutedUntil !== null && rule.mutedUntil.getTime() > now,
    }))
    .sort((a, b) => (rank[a.severity] ?? 3) - (rank[b.severity] ?? 3));
}
