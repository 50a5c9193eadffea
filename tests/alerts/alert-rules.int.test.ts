import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { anomalies } from "@/lib/db/schema";
import { deliverDueAlerts, evaluateProjectAlerts, listAlertHistory, listAlertRules } from "@/lib/alerts/alerts";
import { runJob } from "@/tests/cron";
import { alertProject, call, PUBLIC_URL, startAlertStack, uniqueEmail, uniquePath, type AlertProject, type AlertStack } from "./alert-stack";

// Anomaly and no-data rules, group-by thresholds, "send test" per channel.

let stack: AlertStack;
beforeAll(async () => {
  stack = await startAlertStack();
}, 180_000);
afterAll(async () => {
  await stack?.stop();
});

async function webhook(p: AlertProject, label: string) {
  const path = uniquePath(label);
  const res = await call(stack.app, "/api/v1/alerts/channels", { key: p.adminKey, body: { name: label, kind: "webhook", url: `${stack.webhooks.url}${path}` } });
  expect(res.status).toBe(201);
  stack.webhooks.route(path, { secret: res.body.secret });
  return { id: res.body.id as string, path };
}

async function rule(p: AlertProject, body: Record<string, unknown>): Promise<string> {
  const res = await call(stack.app, "/api/v1/alerts/rules", { key: p.adminKey, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

async function episode(p: AlertProject, o: { name: string; severity: string; feedback?: string | null; tags?: Record<string, string> }) {
  const now = new Date();
  const [row] = await db()
    .insert(anomalies)
    .values({
      projectId: p.projectId, source: "event", name: o.name, aggregation: "count", seriesKey: o.tags ? JSON.stringify(o.tags) : "", tags: o.tags ?? {},
      kind: "spike", startedAt: new Date(now.getTime() - 120_000), lastAnomalousAt: now, bucketSeconds: 60, expected: 12, lower: 5, upper: 20, actual: 95,
      peakScore: 0.99, severity: o.severity, explanation: `${o.name} 7.9x the usual Tuesday 10:00 level`, feedback: o.feedback ?? null,
    })
    .returning({ id: anomalies.id });
  return row.id;
}

describe("anomaly rules", () => {
  it("fire on an open episode at or above the minimum severity, link to it, and resolve when it closes", async () => {
    const p = await alertProject();
    const hook = await webhook(p, "anomaly-hook");
    const ruleId = await rule(p, { name: "Signup anomaly", severity: "warning", channelIds: [hook.id], condition: { kind: "anomaly", source: "event", name: "signup", minSeverity: "medium" } });
    const anomalyId = await episode(p, { name: "signup", severity: "high", tags: { country: "DE" } });
    const now = Date.now();
    expect(await evaluateProjectAlerts({ projectId: p.projectId, now })).toMatchObject({ transitions: 1, notifications: 1 });
    await deliverDueAlerts({ now, projectId: p.projectId });
    const [msg] = await stack.webhooks.waitFor(hook.path, 1);
    expect(msg.verified).toBe(true);
    expect(msg.body).toMatchObject({ type: "firing", group: { country: "DE" }, value: 95, link: `${PUBLIC_URL}/projects/${p.projectId}/anomalies/${anomalyId}` });
    expect(msg.body.message).toContain("signup 7.9x the usual Tuesday 10:00 level");
    const history = await listAlertHistory({ ctx: p.ctx, input: { ruleId } });
    expect(history.transitions[0]).toMatchObject({ toState: "firing", anomalyId, groupKey: JSON.stringify([["country", "DE"]]) });

    // The episode grows: nothing new. It closes: resolved at once (the detector already damped it).
    expect(await evaluateProjectAlerts({ projectId: p.projectId, now: now + 60_000 })).toMatchObject({ transitions: 0 });
    await db().update(anomalies).set({ endedAt: new Date() }).where(eq(anomalies.id, anomalyId));
    expect(await evaluateProjectAlerts({ projectId: p.projectId, now: now + 120_000 })).toMatchObject({ transitions: 1, notifications: 1 });
    await deliverDueAlerts({ now: now + 120_000, projectId: p.projectId });
    expect((await stack.webhooks.waitFor(hook.path, 2))[1].body).toMatchObject({ type: "resolved", state: "normal" });
  });

  it("stay quiet for an episode marked normal, one below the minimum severity, or another series", async () => {
    const p = await alertProject();
    const hook = await webhook(p, "quiet-hook");
    await rule(p, { name: "Orders", channelIds: [hook.id], condition: { kind: "anomaly", source: "event", name: "order", minSeverity: "high" } });
    await episode(p, { name: "order", severity: "critical", feedback: "normal" });
    await episode(p, { name: "order", severity: "medium", tags: { plan: "free" } });
    await episode(p, { name: "refund", severity: "critical" });
    expect(await evaluateProjectAlerts({ projectId: p.projectId, now: Date.now() })).toMatchObject({ rules: 1, transitions: 0, notifications: 0 });
    const [listed] = await listAlertRules({ ctx: p.ctx });
    expect(listed.states).toEqual([]);
    expect(stack.webhooks.for(hook.path)).toHaveLength(0);
  });
});

describe("no-data and grouped threshold rules", () => {
  it("a no-data rule fires when a stream stops and resolves when data returns", async () => {
    const p = await alertProject();
    const hook = await webhook(p, "nodata-hook");
    const ruleId = await rule(p, { name: "Heartbeat", channelIds: [hook.id], condition: { kind: "no_data", source: "event", name: "heartbeat", forMinutes: 5 } });
    const ingest = await call(stack.app, "/api/v1/events", { key: p.adminKey, body: { name: "heartbeat" } });
    expect(ingest.status).toBe(202);
    const now = Date.now();
    expect(await evaluateProjectAlerts({ projectId: p.projectId, now })).toMatchObject({ transitions: 0 });
    expect(await evaluateProjectAlerts({ projectId: p.projectId, now: now + 7 * 60_000 })).toMatchObject({ transitions: 1, notifications: 1 });
    await deliverDueAlerts({ now: now + 7 * 60_000, projectId: p.projectId });
    expect((await stack.webhooks.waitFor(hook.path, 1))[0].body).toMatchObject({ type: "firing", message: "No events of heartbeat in the last 5 min" });
    const later = now + 8 * 60_000;
    const back = await call(stack.app, "/api/v1/events", { key: p.adminKey, body: { name: "heartbeat", timestamp: new Date(later - 30_000).toISOString() } });
    expect(back.status).toBe(202);
    expect(await evaluateProjectAlerts({ projectId: p.projectId, now: later })).toMatchObject({ transitions: 1, notifications: 1 });
    const history = await listAlertHistory({ ctx: p.ctx, input: { ruleId } });
    expect(history.transitions.map((t) => t.toState)).toEqual(["normal", "firing"]);
  });

  it("a threshold over a group-by fires per group, and a formula is evaluated as the query engine computes it", async () => {
    const p = await alertProject();
    const grouped = await rule(p, { name: "Slow route", condition: { kind: "threshold", query: { source: "metric", name: "http.ms", aggregation: "max", groupBy: ["route"] }, reduce: "max", windowMinutes: 5, op: "above", value: 100 } });
    const ratio = await rule(p, {
      name: "Error ratio",
      condition: { kind: "threshold", query: { queries: { e: { source: "event", name: "error", aggregation: "count" }, r: { source: "event", name: "request", aggregation: "count" } }, formula: "e / r * 100" }, reduce: "sum", windowMinutes: 5, op: "above", value: 20 },
    });
    const batch = {
      metrics: [{ type: "gauge", name: "http.ms", value: 250, tags: { route: "/pay" } }, { type: "gauge", name: "http.ms", value: 40, tags: { route: "/home" } }],
      events: [...Array.from({ length: 4 }, () => ({ name: "request" })), { name: "error" }],
    };
    expect((await call(stack.app, "/api/v1/flux/batch", { key: p.adminKey, body: batch })).status).toBe(202);
    await evaluateProjectAlerts({ projectId: p.projectId, now: Date.now() + 1_000 });
    const rules = await listAlertRules({ ctx: p.ctx });
    const slow = rules.find((r) => r.id === grouped)!;
    expect(slow.states.map((s) => [s.group, s.state, s.lastValue]).sort()).toEqual([[{ route: "/home" }, "normal", 40], [{ route: "/pay" }, "firing", 250]].sort());
    const errors = rules.find((r) => r.id === ratio)!;
    expect(errors.states).toEqual([expect.objectContaining({ state: "firing", lastValue: 25 })]);
  });
});

describe("send test", () => {
  it("delivers a signed webhook, a Slack message Slack accepts (data escaped) and an email, and records each", async () => {
    const p = await alertProject();
    const hook = await webhook(p, "test-hook");
    const slackPath = uniquePath("slack");
    const slack = await call(stack.app, "/api/v1/alerts/channels", { key: p.adminKey, body: { name: "<!channel> & <b>ops</b>", kind: "slack", url: `${stack.slack.url}${slackPath}` } });
    const email = uniqueEmail("test");
    const mail = await call(stack.app, "/api/v1/alerts/channels", { key: p.adminKey, body: { name: "<script>x</script>", kind: "email", to: [email] } });
    for (const id of [hook.id, slack.body.id, mail.body.id]) {
      const res = await call(stack.app, `/api/v1/alerts/channels/${id}/test`, { key: p.adminKey, method: "POST" });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: "delivered", responseStatus: id === mail.body.id ? null : 200, error: null });
    }
    const [h] = stack.webhooks.for(hook.path);
    expect(h.verified).toBe(true);
    expect(h.body).toMatchObject({ type: "test", rule: null, link: `${PUBLIC_URL}/projects/${p.projectId}/settings/alerts` });
    const [s] = stack.slack.for(slackPath);
    expect(s.problem).toBeNull();
    expect(s.raw).not.toContain("<!channel>");
    expect(s.raw).toContain("&lt;!channel&gt; &amp; &lt;b&gt;ops&lt;/b&gt;");
    const [m] = await stack.smtp.waitFor(email, 1);
    expect(m.subject).toBe("[Flux] Test message: Flux");
    expect(m.html).not.toContain("<script>");
    expect(m.html).toContain("&lt;script&gt;x&lt;/script&gt;");
  });

  it("reports a channel that fails, without retrying it", async () => {
    const p = await alertProject();
    const path = uniquePath("down");
    const res = await call(stack.app, "/api/v1/alerts/channels", { key: p.adminKey, body: { name: "Down", kind: "webhook", url: `${stack.webhooks.url}${path}` } });
    stack.webhooks.route(path, { secret: res.body.secret, answers: [502] });
    const test = await call(stack.app, `/api/v1/alerts/channels/${res.body.id}/test`, { key: p.adminKey, method: "POST" });
    expect(test.body).toMatchObject({ status: "failed", responseStatus: 502 });
    expect(test.body.error).toMatch(/^HTTP 502: receiver says no/);
    expect(await deliverDueAlerts({ now: Date.now() + 86_400_000, projectId: p.projectId })).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    const refused = await call(stack.app, `/api/v1/alerts/channels/${res.body.id}`, { key: p.adminKey, method: "PATCH", body: { url: "http://127.0.0.1:9/nothing-listens" } });
    expect(refused.status).toBe(200);
    const second = await call(stack.app, `/api/v1/alerts/channels/${res.body.id}/test`, { key: p.adminKey, method: "POST" });
    expect(second.body).toMatchObject({ status: "failed", responseStatus: null });
  });
});

describe("scheduled jobs", () => {
  it("alert-evaluation evaluates every project's enabled rules and sends at once; alert-delivery runs the outbox", async () => {
    const p = await alertProject();
    const hook = await webhook(p, "cron-hook");
    const ruleId = await rule(p, { name: "Cron heartbeat", channelIds: [hook.id], condition: { kind: "no_data", source: "event", name: "cron.heartbeat", forMinutes: 1 } });
    const off = await rule(p, { name: "Off", enabled: false, channelIds: [hook.id], condition: { kind: "no_data", source: "event", name: "cron.other", forMinutes: 1 } });
    const run = await runJob("alert-evaluation", { baseUrl: stack.app.url });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ job: "alert-evaluation", outcome: "ok" });
    expect(run.body.summary.rules).toBeGreaterThanOrEqual(1);
    const [msg] = await stack.webhooks.waitFor(hook.path, 1);
    expect(msg.body).toMatchObject({ type: "firing", rule: { id: ruleId, name: "Cron heartbeat" } });
    const rules = await listAlertRules({ ctx: p.ctx });
    expect(rules.find((r) => r.id === ruleId)!.states.map((s) => s.state)).toEqual(["firing"]);
    expect(rules.find((r) => r.id === off)!.states).toEqual([]);
    const delivery = await runJob("alert-delivery", { baseUrl: stack.app.url });
    expect(delivery.status).toBe(200);
    expect(delivery.body).toMatchObject({ job: "alert-delivery", outcome: "ok", summary: { delivered: expect.any(Number), retrying: expect.any(Number), failed: expect.any(Number) } });
    expect(stack.webhooks.for(hook.path)).toHaveLength(1);
  });
});
