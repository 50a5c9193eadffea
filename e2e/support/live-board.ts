import { expect, type Page } from "@playwright/test";
import { createProject, newAccount, signUp, type Account } from "./accounts";

export interface LiveBoard {
  account: Account;
  projectId: string;
  dashboardId: string;
  key: string;
  numberId: string;
  graphId: string;
}

/**
 * Signs a new user up in `page`, makes a project with an API key and a dashboard of a number
 * and a graph widget over the counter `orders` (last hour) and a number over `refunds`.
 */
export async function liveBoard(page: Page, label: string): Promise<LiveBoard> {
  const account = newAccount(label);
  await signUp(page, account);
  const projectId = await createProject(page, "Live shop");
  const { createApiKey } = await import("../../lib/api-keys/api-keys");
  const ctx = { kind: "key" as const, projectId, keyId: "e2e-live", scopes: ["ingest", "read", "admin"] as ("ingest" | "read" | "admin")[] };
  const { key } = await createApiKey({ ctx, input: { name: "live e2e", scopes: ["ingest", "read", "admin"] } });
  const query = { source: "metric", name: "orders", aggregation: "sum" };
  const res = await page.request.post("/api/v1/dashboards", {
    headers: { authorization: `Bearer ${key}` },
    data: {
      name: "Live",
      range: "1h",
      widgets: [
        { id: "orders-total", x: 0, y: 0, w: 4, h: 3, config: { type: "number", title: "Orders", query } },
        { id: "orders-graph", x: 4, y: 0, w: 8, h: 4, config: { type: "graph", title: "Orders over time", queries: [query] } },
        // Reads another metric: live changes to `orders` must leave it alone.
        { id: "refunds-total", x: 0, y: 4, w: 4, h: 3, config: { type: "number", title: "Refunds", query: { ...query, name: "refunds" } } },
      ],
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return { account, projectId, dashboardId: (await res.json()).id, key, numberId: "orders-total", graphId: "orders-graph" };
}

/** Sends `orders` points through the ingest API of the instance at `baseUrl`. */
export async function sendOrders(baseUrl: string, key: string, values: number[], at = Date.now()): Promise<void> {
  const metrics = values.map((value, i) => ({ type: "counter", name: "orders", value, timestamp: new Date(at - i).toISOString() }));
  const res = await fetch(`${baseUrl}/api/v1/metrics/batch`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ metrics }) });
  expect(res.status, await res.text()).toBe(202);
}

/** Opens the dashboard on `origin` (another instance or a relay) and waits until it is live. */
export async function openLive(page: Page, board: LiveBoard, origin = ""): Promise<void> {
  await page.goto(`${origin}/projects/${board.projectId}/dashboards/${board.dashboardId}`);
  await expect(page.getByTestId("dashboard").filter({ visible: true })).toBeVisible();
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-state", "live");
  // Widgets finish their own first fetches (and retries) before a test counts refetches.
  await expect(page.locator('[data-fetching="true"]')).toHaveCount(0);
  // Marks this document: a reload would lose it, so tests can tell "changed in place" from "reloaded".
  await page.evaluate(() => ((window as unknown as { __fluxNoReload: boolean }).__fluxNoReload = true));
}

export const numberValue = (page: Page, board: LiveBoard) => page.getByTestId(`widget-${board.numberId}`).getByTestId("number-value");

/** The sum of the graph's plotted values (the option the chart last rendered). */
export async function graphSum(page: Page, board: LiveBoard): Promise<number> {
  return page.evaluate((id) => {
    const option = window.__fluxCharts?.[id] as { series?: { data?: unknown[] }[] } | undefined;
    let sum = 0;
    for (const s of option?.series ?? []) for (const d of s.data ?? []) {
      const v = Array.isArray(d) ? d[1] : (d as { value?: unknown[] })?.value?.[1];
      if (typeof v === "number") sum += v;
    }
    return sum;
  }, board.graphId);
}

export async function stillSameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __fluxNoReload?: boolean }).__fluxNoReload === true);
}
