import type { Browser, BrowserContext, Page } from "@playwright/test";

// The dashboard the bench watches (a number and a graph over the counter `orders`, last hour,
// as e2e/support/live-board.ts builds it) and the points it sends through the ingest API.

export const NUMBER_WIDGET = "orders-total";
const QUERY = { source: "metric", name: "orders", aggregation: "sum" };
const WIDGETS = [
  { id: NUMBER_WIDGET, x: 0, y: 0, w: 4, h: 3, config: { type: "number", title: "Orders", query: QUERY } },
  { id: "orders-graph", x: 4, y: 0, w: 8, h: 4, config: { type: "graph", title: "Orders over time", queries: [QUERY] } },
];

export interface Board {
  baseUrl: string;
  key: string;
  projectId: string;
  /** Live by default, no auto-refresh. */
  liveUrl: string;
  /** The same widgets with a 5 s auto-refresh, for the polling baseline. */
  pollUrl: string;
}

async function api(baseUrl: string, key: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: body ? "POST" : "GET",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${text}`);
  return JSON.parse(text);
}

/** Two dashboards in the key's project: one live, one auto-refreshing every `pollSeconds`. */
export async function createBoard(baseUrl: string, key: string, pollSeconds: number): Promise<Board> {
  const { project } = (await api(baseUrl, key, "/api/v1/project")) as { project: { id: string } };
  const make = async (name: string, refreshSeconds: number) => {
    const { id } = (await api(baseUrl, key, "/api/v1/dashboards", { name, range: "1h", refreshSeconds, widgets: WIDGETS })) as { id: string };
    return `${baseUrl}/projects/${project.id}/dashboards/${id}`;
  };
  return { baseUrl, key, projectId: project.id, liveUrl: await make("Live", 0), pollUrl: await make(`Every ${pollSeconds} s`, pollSeconds) };
}

/** Every point the bench sent, so the expected total on screen is always known. */
export class OrdersLedger {
  total = 0;
  constructor(private readonly board: Board) {}

  /** Posts one batch of `orders` points (timestamps now); the total counts only an accepted batch. */
  async send(values: number[]): Promise<{ sentAt: number; status: number; ms: number }> {
    const now = Date.now();
    const metrics = values.map((value, i) => ({ type: "counter", name: "orders", value, timestamp: new Date(now - i).toISOString() }));
    const body = JSON.stringify({ metrics });
    const sentAt = Date.now();
    const res = await fetch(`${this.board.baseUrl}/api/v1/metrics/batch`, {
      method: "POST",
      headers: { authorization: `Bearer ${this.board.key}`, "content-type": "application/json" },
      body,
    });
    await res.arrayBuffer();
    if (res.status === 202) this.total += values.reduce((a, b) => a + b, 0);
    return { sentAt, status: res.status, ms: Date.now() - sentAt };
  }
}

/** Signs the first-run owner in and returns the session to give each viewer's context. */
export async function signIn(browser: Browser, baseUrl: string, email: string, password: string) {
  const context = await browser.newContext({ baseURL: baseUrl });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  const state = await context.storageState();
  await context.close();
  return state;
}

export interface Render {
  /** Date.now() in the page when the number widget's data-value took the value. */
  dom: number;
  /** Date.now() in the next animation frame after that (the frame that paints it). */
  frame: number;
}

type StorageState = Awaited<ReturnType<typeof signIn>>;

// Runs in every page before the app: records when the number widget shows each new total. A
// string, not a function: tsx would wrap named inner functions in a helper the page lacks.
const observeNumber = (widgetId: string) => `(() => {
  let last = null;
  const check = () => {
    const el = document.querySelector('[data-testid="widget-${widgetId}"] [data-testid="number-value"]');
    const value = el ? el.getAttribute("data-value") : null;
    if (value === null || value === "" || value === last) return;
    last = value;
    const dom = Date.now();
    requestAnimationFrame(() => window.__rtReport(value, dom, Date.now()));
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-value"] });
})();`;

/**
 * Dashboards open in Chromium, one browser context (one viewer) each: a context has its own
 * connection pool, and Chromium allows 6 HTTP/1.1 connections per host in a pool, which an
 * EventSource per tab would exhaust. Records every total each page renders.
 */
export class Viewers {
  readonly renders: Map<string, Render>[] = [];
  queryRequests = 0;
  /** The bodies of the widget queries the pages sent (to replay them from headless dashboards). */
  readonly queryBodies = new Set<string>();
  private readonly contexts: BrowserContext[] = [];
  readonly pages: Page[] = [];

  static async open(browser: Browser, options: {
    state: StorageState;
    url: string;
    count: number;
    /** Abort the live connection: the dashboard falls back to its auto-refresh. */
    blockLive?: boolean;
    concurrency?: number;
    log?: (line: string) => void;
  }): Promise<Viewers> {
    const viewers = new Viewers();
    let next = 0;
    const worker = async () => {
      while (next < options.count) {
        const index = next++;
        await viewers.openOne(browser, index, options);
        if ((index + 1) % 10 === 0) options.log?.(`  ${index + 1} of ${options.count} dashboards open`);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(options.count, options.concurrency ?? 4) }, worker));
    } catch (error) {
      await viewers.close();
      throw error;
    }
    return viewers;
  }

  private async openOne(browser: Browser, index: number, options: { state: StorageState; url: string; blockLive?: boolean }) {
    const context = await browser.newContext({ storageState: options.state, viewport: { width: 1280, height: 800 } });
    this.contexts.push(context);
    const renders = new Map<string, Render>();
    this.renders[index] = renders;
    await context.exposeBinding("__rtReport", (_source, value: string, dom: number, frame: number) => {
      if (!renders.has(value)) renders.set(value, { dom, frame });
    });
    await context.addInitScript(observeNumber(NUMBER_WIDGET));
    if (options.blockLive) await context.route("**/api/v1/live?**", (route) => route.abort());
    context.on("request", (r) => {
      if (!r.url().includes("/api/v1/query")) return;
      this.queryRequests++;
      const body = r.postData();
      if (body) this.queryBodies.add(body);
    });
    const page = await context.newPage();
    this.pages[index] = page;
    await page.goto(options.url);
    await page.getByTestId("dashboard").waitFor({ timeout: 60_000 });
    if (!options.blockLive) await page.locator('[data-testid="live-status"][data-state="live"]').waitFor({ timeout: 60_000 });
  }

  get count(): number {
    return this.pages.length;
  }

  async liveStates(): Promise<Record<string, number>> {
    const states: Record<string, number> = {};
    for (const page of this.pages) {
      const state = (await page.getByTestId("live-status").getAttribute("data-state").catch(() => null)) ?? "none";
      states[state] = (states[state] ?? 0) + 1;
    }
    return states;
  }

  async close(): Promise<void> {
    await Promise.all(this.contexts.map((c) => c.close().catch(() => {})));
  }
}
