import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { alertDeliveries } from "@/lib/db/schema";
import { reloadEnv } from "@/lib/env";
import type { RunningApp } from "@/scripts/lib/app-server";
import { startExtraApp } from "@/tests/extra-app";
import { createTestProject, type TestProject } from "@/tests/fixtures";
import { startSlackReceiver, startWebhookReceiver, type Receiver } from "./receivers";
import { startSmtpCapture, type SmtpCapture } from "./smtp-capture";

// One Flux instance configured to send alerts to local receivers (SMTP_URL to a local
// smtp-server, AUTH_URL for the links), and the same configuration in this test process for
// the domain calls a test makes itself (evaluation or delivery at a chosen instant).

export const PUBLIC_URL = "https://flux.example.test";

export interface AlertReceivers {
  webhooks: Receiver;
  slack: Receiver;
  smtp: SmtpCapture;
  /** The configuration that sends to them (also applied to this process). */
  config: Record<string, string>;
  stop(): Promise<void>;
}

export interface AlertStack extends AlertReceivers {
  app: RunningApp;
}

/** The local receivers, with this process configured to send to them (SMTP_URL, AUTH_URL). */
export async function startAlertReceivers(): Promise<AlertReceivers> {
  const [webhooks, slack, smtp] = await Promise.all([startWebhookReceiver(), startSlackReceiver(), startSmtpCapture()]);
  const config = { SMTP_URL: smtp.url, SMTP_FROM: "Flux Alerts <alerts@flux.test>", AUTH_URL: PUBLIC_URL };
  Object.assign(process.env, config);
  reloadEnv();
  return { webhooks, slack, smtp, config, stop: async () => void (await Promise.all([webhooks.close(), slack.close(), smtp.close()])) };
}

/** The receivers and a Flux instance configured to send to them. */
export async function startAlertStack(): Promise<AlertStack> {
  const receivers = await startAlertReceivers();
  const app = await startExtraApp(receivers.config);
  return { ...receivers, app, stop: async () => void (await Promise.all([app.stop(), receivers.stop()])) };
}

/** fetch against the alert stack's app with a key. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON answers of many shapes
export async function call(app: RunningApp, path: string, options: { key: string; method?: string; body?: unknown }): Promise<{ status: number; body: any }> {
  const res = await fetch(`${app.url}${path}`, {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    headers: { authorization: `Bearer ${options.key}`, ...(options.body === undefined ? {} : { "content-type": "application/json" }) },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export interface AlertProject extends TestProject {
  adminKey: string;
}

export async function alertProject(): Promise<AlertProject> {
  const p = await createTestProject("Alerts");
  return Object.assign(p, { adminKey: await p.key(["ingest", "read", "admin"]) });
}

export const uniquePath = (label: string) => `/${label}-${randomUUID()}`;
export const uniqueEmail = (label: string) => `${label}-${randomUUID()}@alerts.flux.test`;

/** Polls until `check` returns a value (not undefined), or fails after timeoutMs. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/**
 * Waits until no message of the project is pending, so that a test moving the clock ahead
 * (evaluation or delivery at a later instant) does not see a send still in flight as due again.
 */
export async function deliveriesSettled(projectId: string): Promise<void> {
  await eventually(async () => {
    const pending = await db().select({ id: alertDeliveries.id }).from(alertDeliveries).where(and(eq(alertDeliveries.projectId, projectId), eq(alertDeliveries.status, "pending")));
    return pending.length === 0 ? true : undefined;
  }, "every message delivered or failed");
}
