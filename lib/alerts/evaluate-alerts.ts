import { and, eq, inArray } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { alertChannels, alertDeliveries, alertRules, alertStates, alertTransitions } from "@/lib/db/schema";
import { publishAlertsChanged } from "@/lib/live/publish-alerts";
import type { JobContext } from "@/lib/scheduler/job-definition";
import { AlertCondition } from "./alert-schemas";
import type { AlertMessage, MessageType } from "./alert-message";
import { recoveryMs, step, type GroupState, type Observation } from "./alert-state-machine";
import { observeRule, type GroupObservation } from "./observe-rule";
import { alertLink } from "./alert-links";
import { deliverDueAlerts } from "./deliver-alerts";

type RuleRow = typeof alertRules.$inferSelect;
type StateRow = typeof alertStates.$inferSelect;

export interface EvaluationSummary {
  rules: number;
  transitions: number;
  notifications: number;
  errors: number;
}

const EMPTY = (): EvaluationSummary => ({ rules: 0, transitions: 0, notifications: 0, errors: 0 });

/**
 * Evaluates the enabled rules of one project (optionally only some) at `now`, records every
 * transition and queues the messages owed, one transaction per rule. Returns what changed.
 */
export async function evaluateProjectAlerts(options: { projectId: string; now: number; filter?: (rule: RuleRow) => boolean }): Promise<EvaluationSummary> {
  const rules = await db().select().from(alertRules).where(and(eq(alertRules.projectId, options.projectId), eq(alertRules.enabled, true)));
  const summary = EMPTY();
  for (const rule of rules) {
    if (options.filter && !options.filter(rule)) continue;
    summary.rules++;
    const parsed = AlertCondition.safeParse(rule.condition);
    let observed: Map<string, GroupObservation> | Error;
    try {
      if (!parsed.success) throw new Error("The stored condition is no longer valid; edit the rule");
      observed = await observeRule({ projectId: rule.projectId, condition: parsed.data, now: options.now });
    } catch (error) {
      observed = error instanceof Error ? error : new Error(String(error));
      summary.errors++;
      console.warn(`[flux] alert rule ${rule.id} could not be evaluated:`, observed.message);
    }
    const result = await applyObservations({ rule, observed, now: options.now, kind: parsed.success ? parsed.data.kind : "threshold", forMinutes: parsed.success && parsed.data.kind === "threshold" ? parsed.data.forMinutes : 0 });
    summary.transitions += result.transitions;
    summary.notifications += result.notifications;
  }
  if (summary.transitions > 0) await publishAlertsChanged(options.projectId);
  return summary;
}

function toGroupState(row: StateRow): GroupState {
  return { state: row.state as GroupState["state"], since: row.since.getTime(), conditionSince: row.conditionSince?.getTime() ?? null, lastNotifiedAt: row.lastNotifiedAt?.getTime() ?? null };
}

const errorMessage = (e: Error) => `Evaluation failed: ${e.message}`.slice(0, 500);

async function applyObservations(options: {
  rule: RuleRow;
  observed: Map<string, GroupObservation> | Error;
  now: number;
  kind: "threshold" | "anomaly" | "no_data";
  forMinutes: number;
}): Promise<{ transitions: number; notifications: number }> {
  const { now, observed } = options;
  return db().transaction(async (tx) => {
    // The rule row lock orders evaluations of one rule across instances; a rule disabled or
    // deleted meanwhile is left alone.
    const [rule] = await tx.select().from(alertRules).where(eq(alertRules.id, options.rule.id)).for("update").limit(1);
    if (!rule || !rule.enabled || JSON.stringify(rule.condition) !== JSON.stringify(options.rule.condition)) return { transitions: 0, notifications: 0 };
    const stored = await tx.select().from(alertStates).where(eq(alertStates.ruleId, rule.id));
    const byKey = new Map(stored.map((s) => [s.groupKey, s]));
    const work = new Map<string, GroupObservation>();
    if (observed instanceof Error) {
      const keys = byKey.size > 0 ? [...byKey.keys()] : [""];
      for (const key of keys) work.set(key, { group: byKey.get(key)?.group ?? {}, obs: { kind: "error" }, value: null, message: errorMessage(observed) });
    } else {
      for (const [key, o] of observed) work.set(key, o);
      // A group seen before and not now: no data for thresholds; for anomalies the episode ended.
      for (const [key, s] of byKey) {
        if (work.has(key)) continue;
        const gone: Observation = options.kind === "anomaly" ? { kind: "value", value: null, holds: false, cleared: true } : { kind: "no_data" };
        if (s.state === "normal" && gone.kind === "value") continue;
        work.set(key, { group: s.group, obs: gone, value: null, message: options.kind === "anomaly" ? "The anomaly episode ended" : "No data for this group in the window" });
      }
      if (work.size === 0 && options.kind === "threshold") work.set("", { group: {}, obs: { kind: "no_data" }, value: null, message: "The query returned no data in the window" });
    }
    const muted = rule.mutedUntil !== null && rule.mutedUntil.getTime() > now;
    const stepOptions = { forMs: options.forMinutes * 60_000, recoveryMs: recoveryMs(options.kind, options.forMinutes), renotifyMs: rule.renotifyMinutes ? rule.renotifyMinutes * 60_000 : null, muted };
    const channels = rule.channelIds.length === 0 ? [] : await tx.select({ id: alertChannels.id }).from(alertChannels).where(and(eq(alertChannels.projectId, rule.projectId), inArray(alertChannels.id, rule.channelIds)));
    let transitions = 0;
    let notifications = 0;
    for (const [groupKey, o] of work) {
      const prevRow = byKey.get(groupKey);
      // An evaluation that read the data before a newer one was applied has nothing to add.
      if (prevRow?.lastEvaluatedAt && prevRow.lastEvaluatedAt.getTime() > now) continue;
      const prev = prevRow ? toGroupState(prevRow) : null;
      const result = step(prev, o.obs, stepOptions, now);
      const next = result.next;
      await tx
        .insert(alertStates)
        .values({ ruleId: rule.id, projectId: rule.projectId, groupKey, group: o.group, state: next.state, since: new Date(next.since), conditionSince: next.conditionSince === null ? null : new Date(next.conditionSince), lastEvaluatedAt: new Date(now), lastValue: o.value, lastNotifiedAt: next.lastNotifiedAt === null ? null : new Date(next.lastNotifiedAt), message: o.message })
        .onConflictDoUpdate({
          target: [alertStates.ruleId, alertStates.groupKey],
          set: { group: o.group, state: next.state, since: new Date(next.since), conditionSince: next.conditionSince === null ? null : new Date(next.conditionSince), lastEvaluatedAt: new Date(now), lastValue: o.value, lastNotifiedAt: next.lastNotifiedAt === null ? null : new Date(next.lastNotifiedAt), message: o.message },
        });
      if (!result.record) continue;
      transitions++;
      const text = result.notify === "resolved" ? `Resolved: ${o.message}` : o.message;
      const [transition] = await tx
        .insert(alertTransitions)
        .values({ projectId: rule.projectId, ruleId: rule.id, groupKey, fromState: prev?.state ?? "normal", toState: next.state, at: new Date(now), value: o.value, message: text, anomalyId: o.anomalyId ?? null })
        .returning({ id: alertTransitions.id });
      if (!result.notify || channels.length === 0) continue;
      const message: AlertMessage = {
        type: result.notify as MessageType,
        projectId: rule.projectId,
        rule: { id: rule.id, name: rule.name },
        state: next.state,
        severity: rule.severity as AlertMessage["severity"],
        value: o.value,
        group: o.group,
        message: text,
        link: alertLink(rule.projectId, o.anomalyId),
        at: new Date(now).toISOString(),
      };
      await tx.insert(alertDeliveries).values(channels.map((c) => ({ projectId: rule.projectId, channelId: c.id, ruleId: rule.id, transitionId: transition.id, payload: message, nextAttemptAt: new Date(now) })));
      notifications += channels.length;
    }
    return { transitions, notifications };
  });
}

/** The alert-evaluation job: every project with an enabled rule, one after another. */
export async function evaluateAlerts(job: JobContext): Promise<EvaluationSummary & { projects: number }> {
  const projects = await db().selectDistinct({ projectId: alertRules.projectId }).from(alertRules).where(eq(alertRules.enabled, true));
  const total = { ...EMPTY(), projects: 0 };
  for (const { projectId } of projects) {
    if (job.signal.aborted) break;
    try {
      const s = await evaluateProjectAlerts({ projectId, now: job.now });
      total.projects++;
      total.rules += s.rules;
      total.transitions += s.transitions;
      total.notifications += s.notifications;
      total.errors += s.errors;
      // Messages go out now rather than at the next delivery run.
      if (s.notifications > 0) await deliverDueAlerts({ now: Date.now(), projectId });
    } catch (error) {
      total.errors++;
      console.error(`[flux] alert evaluation failed for a project:`, (error as Error).message);
    }
  }
  return total;
}
