import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { alertDeliveries } from "@/lib/db/schema";
import { deliverDueAlerts, evaluateProjectAlerts, listAlertHistory } from "@/lib/alerts/alerts";
import { MAX_ATTEMPTS, RETRY_DELAYS_MS } from "@/lib/alerts/deliver-alerts";
import { alertProject, call, deliveriesSettled, eventually, PUBLIC_URL, startAlertStack, uniqueEmail, uniquePath, type AlertProject, type AlertStack } from "./alert-stack";

// A threshold rule over real ingest, evaluated by the app right after the batch commits, sent
// to a local webhook receiver (signature checked), a Slack-like receiver and a local SMTP server.

let stack: AlertStack;
beforeAll(async () => {
  stack = await startAlertStack();
}, 180_000);
afterAll(async () => {
  await stack?.stop();
});

async function setup(options: { metric: string; rule?: Record<string, unknown>; webhookAnswers?: (number | "hang")[] }) {
  const p = await alertProject();
  const hookPath = uniquePath("hook");
  const email = uniqueEmail("ops");
  const hook = await call(stack.app, "/api/v1/alerts/channels", { key: p.adminKey, body: { name: "Ops hook", kind: "webhook", url: `${stack.webhooks.url}${hookPath}` } });
  expect(hook.status).toBe(201);
  stack.webhooks.route(hookPath, { secret: hook.body.secret, answers: options.webhookAnswers ?? [200] });
  const mail = await call(stack.app, "/api/v1/alerts/channels", { key: p.adminKey, body: { name: "Ops mail", kind: "email", to: [email] } });
  expect(mail.status).toBe(201);
  const rule = await call(stack.app, "/api/v1/alerts/rules", {
    key: p.adminKey,
    body: {
      name: "Latency too high",
      severity: "critical",
      channelIds: [hook.body.id, mail.body.id],
      condition: { kind: "threshold", query: { source: "metric", name: options.metric, aggregation: "last" }, reduce: "last", windowMinutes: 10, op: "above", value: 500, forMinutes: 0 },
      ...options.rule,
    },
  });
  expect(rule.status, JSON.stringify(rule.body)).toBe(201);
  return { p, hookPath, email, hookId: hook.body.id as string, mailId: mail.body.id as string, ruleId: rule.body.id as string };
}

async function ingest(p: AlertProject, name: string, value: number) {
  const res = await call(stack.app, "/api/v1/metrics", { key: p.adminKey, body: { type: "gauge", name, value } });
  expect(res.status).toBe(202);
}

async function ruleState(p: AlertProject, ruleId: string): Promise<string | undefined> {
  const res = await call(stack.app, `/api/v1/alerts/rules/${ruleId}`, { key: p.adminKey });
  return res.body.states[0]?.state;
}

const waitForState = (p: AlertProject, ruleId: string, state: string) =>
  eventually(async () => ((await ruleState(p, ruleId)) === state ? state : undefined), `rule state ${state}`);

describe("threshold alerts after ingest", () => {
  it("fires within seconds of an ingested value: one signed webhook, one email; recovery sends one resolved message each", async () => {
    const { p, hookPath, email, ruleId } = await setup({ metric: "api.latency" });
    const started = Date.now();
    await ingest(p, "api.latency", 900);
    const [hook] = await stack.webhooks.waitFor(hookPath, 1);
    const [mail] = await stack.smtp.waitFor(email, 1);
    const latency = Date.now() - started;
    console.log(`alerts: ingest to webhook and email in ${latency} ms`);
    expect(latency).toBeLessThan(10_000);
    expect(hook.verified, hook.problem ?? "").toBe(true);
    expect(hook.body).toMatchObject({ type: "firing", state: "firing", severity: "critical", value: 900, group: {}, rule: { id: ruleId, name: "Latency too high" }, link: `${PUBLIC_URL}/projects/${p.projectId}/settings/alerts` });
    expect(hook.body.message).toContain("900");
    expect(mail.subject).toBe("[Flux] Firing: Latency too high");
    expect(mail.from).toBe("alerts@flux.test");
    expect(mail.text).toContain("900");
    expect(mail.html).toContain(`href="${PUBLIC_URL}/projects/${p.projectId}/settings/alerts"`);

    const firing = await call(stack.app, "/api/v1/alerts/firing", { key: p.adminKey });
    expect(firing.body.alerts).toEqual([expect.objectContaining({ ruleId, name: "Latency too high", severity: "critical", groupKey: "" })]);

    // Still high: no second message.
    await ingest(p, "api.latency", 800);
    await new Promise((r) => setTimeout(r, 4_000));
    expect(stack.webhooks.for(hookPath)).toHaveLength(1);

    // Back under the threshold: recovering (no message) until it has stayed low for the recovery time.
    await ingest(p, "api.latency", 100);
    await waitForState(p, ruleId, "recovering");
    expect(stack.webhooks.for(hookPath)).toHaveLength(1);
    await deliveriesSettled(p.projectId);
    const later = Date.now() + 61_000;
    const summary = await evaluateProjectAlerts({ projectId: p.projectId, now: later });
    expect(summary).toMatchObject({ transitions: 1, notifications: 2 });
    expect(await deliverDueAlerts({ now: later, projectId: p.projectId })).toEqual({ delivered: 2, retrying: 0, failed: 0 });
    const hooks = await stack.webhooks.waitFor(hookPath, 2);
    const mails = await stack.smtp.waitFor(email, 2);
    expect(hooks[1].verified).toBe(true);
    expect(hooks[1].body).toMatchObject({ type: "resolved", state: "normal", value: 100 });
    expect(mails[1].subject).toBe("[Flux] Resolved: Latency too high");
    expect(stack.webhooks.for(hookPath)).toHaveLength(2);
    expect(stack.smtp.to(email)).toHaveLength(2);

    const history = await listAlertHistory({ ctx: p.ctx, input: { ruleId } });
    expect(history.transitions.map((t) => `${t.fromState}->${t.toState}`)).toEqual(["recovering->normal", "firing->recovering", "normal->firing"]);
    for (const t of [history.transitions[0], history.transitions[2]]) expect(t.deliveries.map((d) => [d.channelKind, d.status])).toEqual([["webhook", "delivered"], ["email", "delivered"]]);
    expect(history.transitions[1].deliveries).toEqual([]);
    expect((await call(stack.app, "/api/v1/alerts/firing", { key: p.adminKey })).body.alerts).toEqual([]);
  });

  it("a muted rule changes state but sends nothing", async () => {
    const { p, hookPath, email, ruleId } = await setup({ metric: "queue.depth", rule: { mutedUntil: new Date(Date.now() + 3_600_000).toISOString() } });
    await ingest(p, "queue.depth", 10_000);
    await waitForState(p, ruleId, "firing");
    await new Promise((r) => setTimeout(r, 2_000));
    expect(stack.webhooks.for(hookPath)).toHaveLength(0);
    expect(stack.smtp.to(email)).toHaveLength(0);
    const history = await listAlertHistory({ ctx: p.ctx, input: { ruleId } });
    expect(history.transitions.map((t) => [t.toState, t.deliveries.length])).toEqual([["firing", 0]]);
    const firing = await call(stack.app, "/api/v1/alerts/firing", { key: p.adminKey });
    expect(firing.body.alerts).toEqual([expect.objectContaining({ ruleId, muted: true })]);
  });

  it("re-notifies while firing only once every renotify interval", async () => {
    const { p, hookPath, email, ruleId } = await setup({ metric: "errors.rate", rule: { renotifyMinutes: 5 } });
    await ingest(p, "errors.rate", 1_000);
    await stack.webhooks.waitFor(hookPath, 1);
    await stack.smtp.waitFor(email, 1);
    await deliveriesSettled(p.projectId);
    const t0 = Date.now();
    for (const minutes of [2, 4.9]) {
      await evaluateProjectAlerts({ projectId: p.projectId, now: t0 + minutes * 60_000 });
      await deliverDueAlerts({ now: t0 + minutes * 60_000, projectId: p.projectId });
    }
    expect(stack.webhooks.for(hookPath)).toHaveLength(1);
    const at = t0 + 5.5 * 60_000;
    expect(await evaluateProjectAlerts({ projectId: p.projectId, now: at })).toMatchObject({ notifications: 2 });
    await deliverDueAlerts({ now: at, projectId: p.projectId });
    const hooks = await stack.webhooks.waitFor(hookPath, 2);
    expect(hooks[1].body).toMatchObject({ type: "reminder", state: "firing" });
    expect((await stack.smtp.waitFor(email, 2))[1].subject).toBe("[Flux] Still firing: Latency too high");
    // The next one is due five minutes after that reminder, not earlier.
    expect(await evaluateProjectAlerts({ projectId: p.projectId, now: at + 4 * 60_000 })).toMatchObject({ notifications: 0 });
    expect(await ruleState(p, ruleId)).toBe("firing");
  });
});

describe("delivery retries", () => {
  it("retries a failing webhook after about 30 s, 2 min and 10 min, then marks it failed, while the email goes out at once", async () => {
    const { p, hookPath, email, hookId } = await setup({ metric: "disk.used", webhookAnswers: [500, 503] });
    await ingest(p, "disk.used", 9_999);
    await stack.smtp.waitFor(email, 1);
    await stack.webhooks.waitFor(hookPath, 1);
    const first = await eventually(async () => {
      const [d] = await db().select().from(alertDeliveries).where(eq(alertDeliveries.channelId, hookId));
      return d?.lastError ? d : undefined;
    }, "the webhook delivery's first attempt recorded");
    expect(first).toMatchObject({ status: "pending", attempts: 1, responseStatus: 500 });
    expect(first.lastError).toMatch(/^HTTP 500: receiver says no/);
    expect(first.lastError!.length).toBeLessThan(400);
    const firstAt = first.nextAttemptAt.getTime() - RETRY_DELAYS_MS[0];

    // Not due yet: nothing is sent.
    expect(await deliverDueAlerts({ now: firstAt + RETRY_DELAYS_MS[0] - 2_000, projectId: p.projectId })).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    // Second attempt: 503.
    let now = firstAt + RETRY_DELAYS_MS[0] + 1_000;
    expect(await deliverDueAlerts({ now, projectId: p.projectId })).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    expect(stack.webhooks.for(hookPath)).toHaveLength(2);
    // The receiver goes away: connection refused.
    const [d2] = await db().select().from(alertDeliveries).where(eq(alertDeliveries.channelId, hookId));
    expect(d2.nextAttemptAt.getTime()).toBe(now + RETRY_DELAYS_MS[1]);
    const hook = await call(stack.app, `/api/v1/alerts/channels/${hookId}`, { key: p.adminKey, method: "PATCH", body: { url: "http://127.0.0.1:9/gone" } });
    expect(hook.status).toBe(200);
    now += RETRY_DELAYS_MS[1];
    expect(await deliverDueAlerts({ now, projectId: p.projectId })).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    now += RETRY_DELAYS_MS[2];
    expect(await deliverDueAlerts({ now, projectId: p.projectId })).toEqual({ delivered: 0, retrying: 0, failed: 1 });
    const [last] = await db().select().from(alertDeliveries).where(eq(alertDeliveries.channelId, hookId));
    expect(last).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, responseStatus: null });
    expect(last.lastError).toMatch(/ECONNREFUSED|fetch failed/);
    // Failed is final.
    expect(await deliverDueAlerts({ now: now + 86_400_000, projectId: p.projectId })).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect(stack.smtp.to(email)).toHaveLength(1);
    const [mailDelivery] = await db().select().from(alertDeliveries).where(and(eq(alertDeliveries.projectId, p.projectId), eq(alertDeliveries.status, "delivered")));
    expect(mailDelivery.attempts).toBe(1);
  });

  it("a webhook that never answers does not hold up the email sent with it", async () => {
    const { p, hookPath, email, hookId } = await setup({ metric: "cpu.load", webhookAnswers: ["hang"] });
    const started = Date.now();
    await ingest(p, "cpu.load", 99_999);
    await stack.smtp.waitFor(email, 1);
    expect(Date.now() - started).toBeLessThan(8_000);
    await stack.webhooks.waitFor(hookPath, 1);
    const d = await eventually(async () => {
      const [row] = await db().select().from(alertDeliveries).where(eq(alertDeliveries.channelId, hookId));
      return row?.lastError ? row : undefined;
    }, "the hanging webhook's attempt to time out", 25_000);
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastError: "No answer within 10 s" });
  });
});
