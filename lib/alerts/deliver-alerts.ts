import { and, asc, eq, inArray, lte, sql as dsql } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { alertChannels, alertDeliveries } from "@/lib/db/schema";
import { requirePermission, type Caller } from "@/lib/auth/caller";
import type { JobContext } from "@/lib/scheduler/job-definition";
import { loadChannelRow, toTarget } from "./alert-channels";
import type { AlertMessage } from "./alert-message";
import { sendToChannel, SEND_TIMEOUT_MS, type SendResult } from "./channel-senders";
import { alertLink } from "./alert-links";

// The outbox. Each message to each channel is a row, claimed with FOR UPDATE SKIP LOCKED (so
// instances never send one twice), sent outside any transaction, then marked delivered, due
// again after a back-off, or failed. Rows are independent: a channel that fails or hangs
// delays nobody else's messages.

/** Waits after the 1st, 2nd and 3rd failed attempt; the 4th failure is final. */
export const RETRY_DELAYS_MS = [30_000, 2 * 60_000, 10 * 60_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** A claimed row is not picked again for this long (longer than a send may take), so a crashed sender's rows come back. */
const LEASE_MS = 6 * SEND_TIMEOUT_MS;
const BATCH = 50;

export interface DeliverySummary {
  delivered: number;
  retrying: number;
  failed: number;
}

/** Sends every message due at `now` (of one project, or all), at most `limit`. */
export async function deliverDueAlerts(options: { now: number; projectId?: string; limit?: number }): Promise<DeliverySummary> {
  const now = new Date(options.now);
  const claimed = await db().transaction(async (tx) => {
    const due = await tx
      .select({ id: alertDeliveries.id })
      .from(alertDeliveries)
      .where(and(eq(alertDeliveries.status, "pending"), lte(alertDeliveries.nextAttemptAt, now), options.projectId ? eq(alertDeliveries.projectId, options.projectId) : undefined))
      .orderBy(asc(alertDeliveries.nextAttemptAt), asc(alertDeliveries.id))
      .limit(options.limit ?? BATCH)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(alertDeliveries)
      .set({ attempts: dsql`${alertDeliveries.attempts} + 1`, nextAttemptAt: new Date(options.now + LEASE_MS) })
      .where(inArray(alertDeliveries.id, due.map((d) => d.id)))
      .returning();
  });
  const summary: DeliverySummary = { delivered: 0, retrying: 0, failed: 0 };
  if (claimed.length === 0) return summary;
  const channels = await db().select().from(alertChannels).where(inArray(alertChannels.id, [...new Set(claimed.map((d) => d.channelId))]));
  const byId = new Map(channels.map((c) => [c.id, toTarget(c)]));
  await Promise.all(
    claimed.map(async (d) => {
      const channel = byId.get(d.channelId);
      const result: SendResult = channel ? await sendToChannel(channel, d.payload as AlertMessage) : { ok: false, responseStatus: null, error: "The channel was deleted" };
      const outcome = result.ok ? "delivered" : d.attempts >= MAX_ATTEMPTS || !channel ? "failed" : "pending";
      summary[outcome === "pending" ? "retrying" : outcome]++;
      await db()
        .update(alertDeliveries)
        .set({
          status: outcome,
          responseStatus: result.responseStatus,
          lastError: result.error,
          deliveredAt: result.ok ? new Date() : null,
          nextAttemptAt: outcome === "pending" ? new Date(options.now + RETRY_DELAYS_MS[d.attempts - 1]) : d.nextAttemptAt,
        })
        .where(eq(alertDeliveries.id, d.id));
    }),
  );
  return summary;
}

/** The alert-delivery job: everything due, in batches, until none is left or the process stops. */
export async function deliverAlerts(job: JobContext): Promise<DeliverySummary> {
  const total: DeliverySummary = { delivered: 0, retrying: 0, failed: 0 };
  for (let round = 0; round < 20 && !job.signal.aborted; round++) {
    const s = await deliverDueAlerts({ now: Math.max(job.now, Date.now()) });
    total.delivered += s.delivered;
    total.retrying += s.retrying;
    total.failed += s.failed;
    if (s.delivered + s.retrying + s.failed < BATCH) break;
  }
  return total;
}

export interface TestMessageResult {
  status: "delivered" | "failed";
  responseStatus: number | null;
  error: string | null;
}

/** Sends a test message to one channel now (no retries), records it and says how it went. */
export async function sendTestMessage({ ctx, id }: { ctx: Caller; id: string }): Promise<TestMessageResult> {
  requirePermission(ctx, "admin");
  const row = await loadChannelRow(ctx, id);
  const message: AlertMessage = {
    type: "test",
    projectId: ctx.projectId,
    rule: null,
    state: "normal",
    severity: "info",
    value: null,
    group: {},
    message: `A test message from Flux to the channel '${row.name}'. If you can read this, alerts will reach you here.`,
    link: alertLink(ctx.projectId),
    at: new Date().toISOString(),
  };
  const [delivery] = await db()
    .insert(alertDeliveries)
    .values({ projectId: ctx.projectId, channelId: row.id, ruleId: null, transitionId: null, payload: message, attempts: 1, nextAttemptAt: new Date(Date.now() + LEASE_MS) })
    .returning({ id: alertDeliveries.id });
  const result = await sendToChannel(toTarget(row), message);
  const status = result.ok ? "delivered" : "failed";
  await db()
    .update(alertDeliveries)
    .set({ status, responseStatus: result.responseStatus, lastError: result.error, deliveredAt: result.ok ? new Date() : null })
    .where(eq(alertDeliveries.id, delivery.id));
  return { status, responseStatus: result.responseStatus, error: result.error };
}
