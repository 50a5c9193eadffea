import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type Page } from "@playwright/test";
import type { ApiKeyScope } from "../../lib/auth/scopes";
import type { CreatedShareLink } from "../../lib/sharing/share-link-schemas";
import type { Dashboard } from "../../lib/dashboards/schema";
import { seedDemoProject } from "./demo-data";

export const fluxUrl = () => process.env.FLUX_TEST_BASE_URL!;

export interface Editor {
  projectId: string;
  projectName: string;
  /** An API key with every scope, for the editor's own requests. */
  key: string;
}

/** An editor with a project of their own, made straight in the test database (no browser session). */
export async function newEditor(label: string): Promise<Editor> {
  if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is not set for the e2e run");
  const { signUp } = await import("../../lib/auth/users");
  const { createProject } = await import("../../lib/projects/projects");
  const { createApiKey } = await import("../../lib/api-keys/api-keys");
  const user = await signUp({ input: { email: `${label}-${randomUUID().slice(0, 8)}@flux.test`, password: "e2e-password-123" } });
  const projectName = `Secret project ${randomUUID().slice(0, 8)}`;
  const project = await createProject({ userId: user.id, input: { name: projectName } });
  const ctx = { kind: "user" as const, userId: user.id, projectId: project.id, role: "owner" as const };
  const scopes: ApiKeyScope[] = ["ingest", "read", "admin"];
  const { key } = await createApiKey({ ctx, input: { name: "share e2e", scopes } });
  return { projectId: project.id, projectName, key };
}

/** A request to the running Flux as the editor's API key. */
export async function editorApi(editor: Editor, path: string, body?: unknown, method = body === undefined ? "GET" : "POST"): Promise<Response> {
  return fetch(`${fluxUrl()}${path}`, {
    method,
    headers: { authorization: `Bearer ${editor.key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The editor's project with the demo month and its dashboard of every widget type. */
export async function demoEditor(label: string): Promise<Editor & { dashboard: Dashboard }> {
  const editor = await newEditor(label);
  const dashboardId = await seedDemoProject(editor.projectId);
  const dashboard = (await (await editorApi(editor, `/api/v1/dashboards/${dashboardId}`)).json()) as Dashboard;
  return { ...editor, dashboard };
}

/** A share link created the way the Share dialog does, through the management API. */
export async function createLink(editor: Editor, dashboardId: string, input: Record<string, unknown> = {}): Promise<CreatedShareLink> {
  const res = await editorApi(editor, `/api/v1/dashboards/${dashboardId}/share-links`, { label: "Visitor e2e", ...input });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as CreatedShareLink;
}

/** Opens a shared page and waits until its widgets have their data. */
export async function openShared(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId("shared-dashboard").filter({ visible: true })).toBeVisible();
  await expect(page.locator('[data-fetching="true"]')).toHaveCount(0);
}

export async function chartOption(page: Page, widgetId: string): Promise<{ series: { data: unknown[]; name?: string }[] }> {
  await page.waitForFunction((id) => Boolean(window.__fluxCharts?.[id]), widgetId);
  return page.evaluate((id) => JSON.parse(JSON.stringify(window.__fluxCharts![id])), widgetId);
}

/** A page of another origin (another port) that frames `src`, as a site embedding a dashboard would. */
export async function framingSite(src: string): Promise<{ url: string; close(): Promise<void> }> {
  const html = `<!doctype html><html><head><title>Partner site</title></head><body style="background:#f4e9d8"><h1>Our status</h1><iframe id="flux" title="Flux dashboard" src="${src}" width="1300" height="1400" style="border:0"></iframe></body></html>`;
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // localhost vs the app's 127.0.0.1 (and another port): another origin either way.
  const url = `http://localhost:${(server.address() as AddressInfo).port}/`;
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
