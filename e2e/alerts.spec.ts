import { createHmac } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { createProject, newAccount, signUp, type Account } from "./support/accounts";
import { AlertsPage } from "./support/alerts-page";
import { SettingsPage } from "./support/settings-page";
import { acceptInvitation } from "./support/invitations";
import { startWebhookReceiver, type WebhookReceiver } from "./support/webhook-receiver";
import { shot } from "./support/screenshots";

// Alerts end to end: configured in settings, fired by ingest over HTTP (the app evaluates a
// project's threshold rules right after a batch commits), shown live in the header and on a
// dashboard without a reload, and resolved the same way.

const signature = (secret: string, timestamp: string, body: string) => `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;

async function projectKey(projectId: string): Promise<string> {
  const { createApiKey } = await import("../lib/api-keys/api-keys");
  const ctx = { kind: "key" as const, projectId, keyId: "e2e-alerts", scopes: ["ingest", "read", "admin"] as ("ingest" | "read" | "admin")[] };
  return (await createApiKey({ ctx, input: { name: "alerts e2e", scopes: ["ingest", "read", "admin"] } })).key;
}

async function sendDepth(page: Page, key: string, value: number): Promise<void> {
  const res = await page.request.post("/api/v1/metrics", { headers: { authorization: `Bearer ${key}` }, data: { type: "gauge", name: "queue.depth", value } });
  expect(res.status(), await res.text()).toBe(202);
}

/** Waits until the receiver got a message of that type about that rule. */
const hookFor = (receiver: WebhookReceiver, type: string, rule: string) =>
  expect
    .poll(() => receiver.received.map((r) => {
      const body = JSON.parse(r.body) as { type?: string; rule?: { name?: string } | null };
      return `${body.type} ${body.rule?.name ?? "(no rule)"}`;
    }), { timeout: 20_000 })
    .toContain(`${type} ${rule}`);

/** Runs a check; when it fails, attaches the rule states and history the app recorded (why it did not happen). */
async function explainOnFailure(projectId: string, check: () => Promise<unknown>): Promise<void> {
  try {
    await check();
  } catch (error) {
    const { listAlertHistory, listAlertRules } = await import("../lib/alerts/alerts");
    const ctx = { kind: "key" as const, projectId, keyId: "e2e-alerts-explain", scopes: ["admin"] as "admin"[] };
    const recorded = { rules: await listAlertRules({ ctx }), history: await listAlertHistory({ ctx, input: {} }) };
    await test.info().attach("alert states and history", { body: JSON.stringify(recorded, null, 2), contentType: "application/json" });
    throw error;
  }
}

test("a webhook channel and a threshold rule set up in settings fire on ingest, show live in the header and on a dashboard, and recover", async ({ page }) => {
  test.setTimeout(120_000);
  const receiver = await startWebhookReceiver();
  try {
    await signUp(page, newAccount("alerts"));
    const projectId = await createProject(page, "Alerting shop");
    const key = await projectKey(projectId);
    await sendDepth(page, key, 3);
    const board = await page.request.post("/api/v1/dashboards", {
      headers: { authorization: `Bearer ${key}` },
      data: { name: "Queue", range: "1h", widgets: [{ id: "depth", x: 0, y: 0, w: 4, h: 3, config: { type: "number", title: "Queue depth", query: { source: "metric", name: "queue.depth", aggregation: "last" } } }] },
    });
    expect(board.status(), await board.text()).toBe(201);
    const dashboardId = (await board.json()).id as string;

    // Settings links to Alerts.
    await new SettingsPage(page, projectId).open();
    await page.getByTestId("alerts-settings-link").click();
    await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/settings/alerts$`));
    const alerts = new AlertsPage(page, projectId);

    // A webhook channel to the local receiver; "Send test" is delivered, signed with the secret shown.
    await alerts.createWebhook("Ops receiver", receiver.url);
    const secret = await alerts.secretOf("Ops receiver");
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    await alerts.channelRow("Ops receiver").getByTestId("send-test").click();
    await expect(alerts.channelRow("Ops receiver").getByTestId("test-result")).toHaveText("Delivered (HTTP 200)");
    expect(receiver.received).toHaveLength(1);
    const test = receiver.received[0];
    const timestamp = String(test.headers["x-flux-timestamp"]);
    expect(test.headers["x-flux-signature"]).toBe(signature(secret, timestamp, test.body));

    // Rotating gives a new secret; later messages are signed with it.
    page.once("dialog", (d) => void d.accept());
    await alerts.channelRow("Ops receiver").getByTestId("rotate-secret").click();
    await expect(alerts.channelRow("Ops receiver").getByTestId("channel-secret")).not.toHaveText(secret);
    const rotated = await alerts.secretOf("Ops receiver");
    expect(rotated).toMatch(/^whsec_[0-9a-f]{64}$/);

    // A channel nobody answers: "Send test" says it failed and why.
    await alerts.createWebhook("Dead end", "http://127.0.0.1:9/nobody-listens");
    await alerts.channelRow("Dead end").getByTestId("send-test").click();
    await expect(alerts.channelRow("Dead end").getByTestId("test-result")).toHaveText(/^Failed: \S.+/);
    await expect(alerts.channelRow("Dead end").getByTestId("test-result")).toHaveAttribute("data-ok", "false");

    // An email channel with a bad recipient is refused with the reason beside the recipients.
    await page.getByTestId("new-channel").click();
    const channelForm = page.getByTestId("channel-form");
    await channelForm.getByTestId("channel-kind").selectOption("email");
    await channelForm.getByTestId("channel-name").fill("Ops mail");
    await channelForm.getByTestId("channel-to").fill("ops@example.com\nnot-an-address");
    await channelForm.getByTestId("save-channel").click();
    await expect(channelForm.getByTestId("channel-error-to")).toHaveText("Must be an email address such as ops@example.com");
    await channelForm.getByRole("button", { name: "Cancel" }).click();
    await expect(alerts.channelRow("Ops mail")).toHaveCount(0);

    // A rule saved with bad fields says what is wrong beside each field; nothing is created.
    const form = await alerts.newRule();
    await form.getByTestId("rule-value").fill("lots");
    await form.getByTestId("save-rule").click();
    await expect(form.getByTestId("rule-error-name")).toBeVisible();
    await expect(form.getByTestId("rule-error-condition.value")).toHaveText("must be a number");
    await expect(page.getByTestId("rule-card")).toHaveCount(0);

    // The threshold rule: last queue.depth over 5 minutes above 100, recovering at 50, to the receiver.
    await form.getByTestId("rule-name").fill("Queue too deep");
    await form.getByTestId("rule-severity").selectOption("critical");
    await form.locator('[data-catalog-item="queue.depth"]').click();
    await expect(form.getByTestId("picked-item")).toContainText("queue.depth");
    await form.getByTestId("rule-reduce").selectOption("last");
    await form.getByTestId("rule-windowMinutes").fill("5");
    await form.getByTestId("rule-op").selectOption("above");
    await form.getByTestId("rule-value").fill("100");
    await form.getByTestId("rule-recoverValue").fill("50");
    await form.locator('[data-testid="rule-channel"][data-channel-name="Ops receiver"]').check();
    await form.getByTestId("save-rule").click();
    await expect(alerts.ruleCard("Queue too deep")).toBeVisible();
    await expect(alerts.ruleCard("Queue too deep").getByTestId("rule-condition")).toHaveText("last of queue.depth: last over 5 min above 100, recovers at or below 50");
    await expect(page.getByTestId("firing-indicator")).toHaveAttribute("data-count", "0");

    // On the dashboard, ingest over HTTP fires the rule: the header and a banner say so, no reload.
    await page.goto(`/projects/${projectId}/dashboards/${dashboardId}`);
    await expect(page.getByTestId("live-status")).toHaveAttribute("data-state", "live");
    await expect(page.getByTestId("firing-banner")).toHaveCount(0);
    await page.evaluate(() => ((window as unknown as { __fluxNoReload: boolean }).__fluxNoReload = true));
    await sendDepth(page, key, 500);
    await expect(page.getByTestId("firing-count")).toHaveText("1 firing", { timeout: 20_000 });
    await expect(page.getByTestId("firing-banner")).toContainText("Queue too deep");
    await expect(page.getByTestId("firing-indicator")).toHaveAttribute("data-severity", "critical");
    await page.getByTestId("firing-indicator").locator("summary").click();
    const item = page.getByTestId("firing-item");
    await expect(item).toHaveCount(1);
    await expect(item).toContainText("critical");
    await expect(item).toContainText("Queue too deep");
    await expect(item).toContainText(/since just now|for 1 min/);
    await page.screenshot({ path: shot("alerts-header.png") });
    expect(await page.evaluate(() => (window as unknown as { __fluxNoReload?: boolean }).__fluxNoReload)).toBe(true);
    await explainOnFailure(projectId, () => hookFor(receiver, "firing", "Queue too deep"));
    const fired = receiver.received.find((r) => JSON.parse(r.body).type === "firing")!;
    expect(fired.headers["x-flux-signature"]).toBe(signature(rotated, String(fired.headers["x-flux-timestamp"]), fired.body));

    // Back under the recovery value: it resolves in the header and the banner goes, still without a reload.
    await page.keyboard.press("Escape");
    await sendDepth(page, key, 10);
    await expect(page.getByTestId("firing-indicator")).toHaveAttribute("data-count", "0", { timeout: 20_000 });
    await expect(page.getByTestId("firing-banner")).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __fluxNoReload?: boolean }).__fluxNoReload)).toBe(true);
    // A threshold alert resolves once it has stayed clear for a minute (hysteresis): the
    // alert-evaluation job's run for this project, called with its clock a minute on, says so.
    const { evaluateProjectAlerts, deliverDueAlerts } = await import("../lib/alerts/alerts");
    const aMinuteOn = Date.now() + 61_000;
    const later = await evaluateProjectAlerts({ projectId, now: aMinuteOn });
    expect(later.notifications).toBe(1);
    // The message is due at the run's clock, so it goes out on that clock too.
    await deliverDueAlerts({ now: aMinuteOn, projectId });
    await explainOnFailure(projectId, () => hookFor(receiver, "resolved", "Queue too deep"));

    // The history lists both transitions with the delivery of the firing one.
    await alerts.open();
    const firing = page.locator('[data-testid="history-row"][data-to-state="firing"]');
    await expect(firing).toHaveCount(1);
    await expect(firing.getByTestId("history-delivery")).toHaveAttribute("data-status", "delivered");
    await expect(firing.getByTestId("history-delivery")).toContainText("Ops receiver");
    await expect(page.locator('[data-testid="history-row"]').first()).not.toHaveAttribute("data-to-state", "firing");
    await expect(alerts.ruleCard("Queue too deep").getByTestId("rule-state")).toHaveAttribute("data-state", "normal");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: shot("alerts-settings.png"), fullPage: true });

    // Mute for an hour and unmute; disable and enable again.
    const card = alerts.ruleCard("Queue too deep");
    await card.getByTestId("mute-1h").click();
    await expect(card.getByTestId("rule-muted")).toContainText("muted until");
    await card.getByTestId("unmute").click();
    await expect(card.getByTestId("rule-muted")).toHaveCount(0);
    await card.getByTestId("toggle-enabled").click();
    await expect(card.getByTestId("rule-disabled")).toBeVisible();
    await card.getByTestId("toggle-enabled").click();
    await expect(card.getByTestId("rule-disabled")).toHaveCount(0);
  } finally {
    await receiver.close();
  }
});

/** Signs up through the form; an invited person lands on home, which lists the invitations. */
async function signUpInvited(page: Page, account: Account): Promise<void> {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Vera Viewer");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Invitations" })).toBeVisible();
}

test("a viewer sees rules, their states and channel names but can change nothing and never sees where channels send", async ({ page, browser }) => {
  await signUp(page, newAccount("alerts-owner"));
  const projectId = await createProject(page, "Watched project");
  const { createAlertChannel, createAlertRule } = await import("../lib/alerts/alerts");
  const ctx = { kind: "key" as const, projectId, keyId: "e2e-alerts-viewer", scopes: ["admin"] as "admin"[] };
  const channel = await createAlertChannel({ ctx, input: { name: "Secret hook", kind: "webhook", url: "https://hooks.example.com/very-secret-path" } });
  await createAlertRule({ ctx, input: { name: "No heartbeat", severity: "warning", channelIds: [channel.id], condition: { kind: "no_data", source: "event", name: "heartbeat", forMinutes: 10 } } });

  const viewerAccount = newAccount("alerts-viewer");
  const settings = new SettingsPage(page, projectId);
  await settings.open();
  await settings.invite(viewerAccount.email, "viewer");
  const viewer = await browser.newPage();
  try {
    await signUpInvited(viewer, viewerAccount);
    await acceptInvitation(viewer, "Watched project");
    const alerts = new AlertsPage(viewer, projectId);
    await alerts.open();
    await expect(alerts.ruleCard("No heartbeat")).toContainText("No data from event heartbeat for 10 min");
    await expect(alerts.ruleCard("No heartbeat")).toContainText("Notifies Secret hook");
    await expect(alerts.channelRow("Secret hook")).toBeVisible();
    await expect(viewer.getByTestId("rules-read-only")).toBeVisible();
    await expect(viewer.getByTestId("channels-read-only")).toBeVisible();
    for (const id of ["new-rule", "new-channel", "edit-rule", "toggle-enabled", "send-test", "channel-secret"]) await expect(viewer.getByTestId(id)).toHaveCount(0);
    await expect(viewer.locator("body")).not.toContainText("very-secret-path");
    await expect(viewer.locator("body")).not.toContainText("whsec_");
  } finally {
    await viewer.close();
  }
});
