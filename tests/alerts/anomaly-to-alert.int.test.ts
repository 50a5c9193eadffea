import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/lib/db/client";
import { detectAnomalies } from "@/lib/anomaly/detect-anomalies";
import { listAnomalies } from "@/lib/anomaly/anomalies";
import { createAlertChannel, createAlertRule, deliverDueAlerts, evaluateProjectAlerts, listAlertHistory } from "@/lib/alerts/alerts";
import { createTestProject, type TestProject } from "@/tests/fixtures";
import { insertPoints, type PointInput } from "@/tests/query-data";
import { PUBLIC_URL, startAlertReceivers, uniqueEmail, uniquePath, type AlertReceivers } from "./alert-stack";

// The end-to-end case: seeded history plus an injected spike gives one anomaly episode
// and exactly one webhook delivery (signature checked) and one email; recovery resolves it.
// The anomaly job and the alert evaluation run with chosen clocks, as the scheduler runs them.

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const B = 5 * MIN;
const T0 = Math.floor(Date.now() / B) * B;
const after = (bucketStart: number) => bucketStart + B + 31_000;
const job = (now: number) => ({ now, trigger: "cron" as const, signal: new AbortController().signal });

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
const random = rng(23);
const seasonal = (t: number) => 100 + 40 * Math.sin((2 * Math.PI * (t % DAY)) / DAY) + (random() - 0.5) * 8;
const point = (t: number, value?: number): PointInput => ({ time: t, value: value ?? seasonal(t) });

let receivers: AlertReceivers;
let p: TestProject;
let hookPath: string;
let email: string;

/** One step of the scheduler: detection, then alert evaluation and delivery at the same instant. */
async function tick(now: number) {
  const detected = await detectAnomalies(job(now), { projectIds: [p.projectId] });
  expect(detected.failures).toBe(0);
  await evaluateProjectAlerts({ projectId: p.projectId, now });
  await deliverDueAlerts({ now, projectId: p.projectId });
}

beforeAll(async () => {
  receivers = await startAlertReceivers();
  p = await createTestProject("Anomaly to alert");
  hookPath = uniquePath("anomaly");
  email = uniqueEmail("oncall");
  const hook = await createAlertChannel({ ctx: p.ctx, input: { name: "On-call hook", kind: "webhook", url: `${receivers.webhooks.url}${hookPath}` } });
  receivers.webhooks.route(hookPath, { secret: hook.secret! });
  const mail = await createAlertChannel({ ctx: p.ctx, input: { name: "On-call mail", kind: "email", to: [email] } });
  await createAlertRule({ ctx: p.ctx, input: { name: "Queue anomaly", severity: "critical", channelIds: [hook.id, mail.id], condition: { kind: "anomaly", source: "metric", name: "queue.depth", minSeverity: "medium" } } });
  const history: PointInput[] = [];
  for (let t = T0 - 21 * DAY; t < T0; t += B) history.push(point(t));
  await insertPoints({ projectId: p.projectId, name: "queue.depth", type: "gauge", points: [...history, point(T0, 3.2 * seasonal(T0))] });
  await sql()`UPDATE metrics SET higher_is_better = false WHERE project_id = ${p.projectId} AND name = 'queue.depth'`;
}, 120_000);

afterAll(async () => {
  await receivers?.stop();
});

describe("an anomaly alert from seeded history and an injected spike", () => {
  it("one episode gives exactly one signed webhook and one email; it goes on without more; recovery resolves it", async () => {
    await tick(after(T0));
    const open = (await listAnomalies({ ctx: p.ctx, input: { status: "open" } })).anomalies;
    expect(open).toHaveLength(1);
    const [hook] = await receivers.webhooks.waitFor(hookPath, 1);
    const [mail] = await receivers.smtp.waitFor(email, 1);
    expect(hook.verified, hook.problem ?? "").toBe(true);
    expect(hook.body).toMatchObject({ type: "firing", severity: "critical", rule: { name: "Queue anomaly" }, link: `${PUBLIC_URL}/projects/${p.projectId}/anomalies/${open[0].id}` });
    expect(hook.body.message).toContain(open[0].explanation);
    expect(mail.subject).toBe("[Flux] Firing: Queue anomaly");

    // The spike lasts one more bucket: the same episode, no new message.
    await insertPoints({ projectId: p.projectId, name: "queue.depth", type: "gauge", points: [point(T0 + B, 3.4 * seasonal(T0 + B))] });
    await tick(after(T0 + B));
    expect(receivers.webhooks.for(hookPath)).toHaveLength(1);
    expect(receivers.smtp.to(email)).toHaveLength(1);

    // Back to normal: the detector closes the episode and the alert is resolved, once.
    const calm: PointInput[] = [];
    for (let t = T0 + 2 * B; t <= T0 + 6 * B; t += B) calm.push(point(t));
    await insertPoints({ projectId: p.projectId, name: "queue.depth", type: "gauge", points: calm });
    for (const t of [T0 + 3 * B, T0 + 6 * B]) await tick(after(t));
    expect((await listAnomalies({ ctx: p.ctx, input: { status: "open" } })).anomalies).toEqual([]);
    const hooks = await receivers.webhooks.waitFor(hookPath, 2);
    const mails = await receivers.smtp.waitFor(email, 2);
    expect(hooks[1].body).toMatchObject({ type: "resolved", state: "normal" });
    expect(hooks[1].verified).toBe(true);
    expect(mails[1].subject).toBe("[Flux] Resolved: Queue anomaly");
    expect(receivers.webhooks.for(hookPath)).toHaveLength(2);
    expect(receivers.smtp.to(email)).toHaveLength(2);
    const history = await listAlertHistory({ ctx: p.ctx });
    expect(history.transitions.map((t) => t.toState)).toEqual(["normal", "firing"]);
  });
});
