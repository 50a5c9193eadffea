import { expect, test, type Browser, type Page } from "@playwright/test";
import { pusherApp } from "./support/pusher-app";
import { graphSum, liveBoard, numberValue, sendOrders, type LiveBoard } from "./support/live-board";

// A signed-out visitor of a share link gets live updates as a member does, over the built-in
// event stream or Pusher, through the link's own endpoint and channel only.

const mainUrl = () => process.env.FLUX_TEST_BASE_URL!;
const APP = { appId: "778", key: "flux-e2e-share-key", secret: "flux-e2e-share-secret-0123456789" };

async function shareLink(board: LiveBoard, input: Record<string, unknown> = {}): Promise<{ token: string; id: string }> {
  const { createShareLink } = await import("../lib/sharing/share-links");
  const ctx = { kind: "key" as const, projectId: board.projectId, keyId: "e2e-share-live", scopes: ["admin"] as "admin"[] };
  return createShareLink({ ctx, dashboardId: board.dashboardId, input: { label: "Lobby screen", ...input } });
}

/** A browser with no session at all, on the shared page, once it is live. */
async function visitor(browser: Browser, origin: string, token: string): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: origin })).newPage();
  await page.goto(`/share/${token}`);
  await expect(page.getByTestId("shared-dashboard")).toBeVisible();
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-state", "live");
  await expect(page.locator('[data-fetching="true"]')).toHaveCount(0);
  return page;
}

test("a signed-out visitor's shared dashboard updates live over the built-in stream, and its stream names nothing else", async ({ page, browser }) => {
  const board = await liveBoard(page, "share-sse");
  await sendOrders(mainUrl(), board.key, [2]);
  const { token } = await shareLink(board);
  const guest = await visitor(browser, mainUrl(), token);
  await expect(numberValue(guest, board)).toHaveAttribute("data-value", "2");
  const streams: string[] = [];
  guest.on("request", (r) => { if (r.url().includes("/live")) streams.push(new URL(r.url()).pathname); });

  await sendOrders(mainUrl(), board.key, [3, 4]);
  await expect(numberValue(guest, board)).toHaveAttribute("data-value", "9", { timeout: 5_000 });
  await expect.poll(() => graphSum(guest, board), { timeout: 5_000 }).toBe(9);

  // What the visitor's own stream carries: only the dashboard's names (read over the same endpoint).
  const seen = await guest.evaluate(async (url) => {
    const source = new EventSource(url);
    const changes: string[] = [];
    source.addEventListener("change", (e) => changes.push((e as MessageEvent).data));
    await new Promise((r) => source.addEventListener("ready", r));
    (window as unknown as { __seen: string[] }).__seen = changes;
    return true;
  }, `/api/v1/shared/${token}/live`);
  expect(seen).toBe(true);
  const res = await fetch(`${mainUrl()}/api/v1/flux/batch`, {
    method: "POST",
    headers: { authorization: `Bearer ${board.key}`, "content-type": "application/json" },
    body: JSON.stringify({ metrics: [{ type: "counter", name: "orders", value: 1 }, { type: "counter", name: "salaries.secret", value: 1 }] }),
  });
  expect(res.status).toBe(202);
  await expect(numberValue(guest, board)).toHaveAttribute("data-value", "10", { timeout: 5_000 });
  await expect.poll(() => guest.evaluate(() => (window as unknown as { __seen: string[] }).__seen.length)).toBeGreaterThan(0);
  const carried = await guest.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
  expect(carried.join("\n")).not.toContain("salaries.secret");
  expect(carried.some((c) => (JSON.parse(c) as { metrics: string[] }).metrics.includes("orders"))).toBe(true);
  // The page never opened the member's stream.
  expect(streams.every((p) => p.startsWith(`/api/v1/shared/${token}/`))).toBe(true);
  await guest.context().close();
});

test.describe("shared dashboards through Pusher", () => {
  const env = pusherApp(APP);

  test("a signed-out visitor joins the dashboard's share channel, never the project's, and updates live", async ({ page, browser }) => {
    const board = await liveBoard(page, "share-pusher");
    const { token } = await shareLink(board, { password: "lobby-screen-2026" });
    const shareChannel = `private-flux-share-${board.dashboardId}`;
    const projectChannel = `private-flux-project-${board.projectId}`;

    const guest = await (await browser.newContext({ baseURL: env.app.url })).newPage();
    await guest.goto(`/share/${token}`);
    await guest.getByTestId("share-password-input").fill("lobby-screen-2026");
    await guest.getByTestId("share-unlock").click();
    await expect(guest.getByTestId("shared-dashboard")).toBeVisible();
    await expect(guest.getByTestId("live-status")).toHaveAttribute("data-state", "live", { timeout: 10_000 });
    await expect.poll(() => env.pusher.subscriberCount(shareChannel)).toBe(1);
    expect(env.pusher.subscriberCount(projectChannel)).toBe(0);

    await sendOrders(env.app.url, board.key, [5]);
    await expect(numberValue(guest, board)).toHaveAttribute("data-value", "5", { timeout: 5_000 });
    await sendOrders(env.app.url, board.key, [6]);
    await expect(numberValue(guest, board)).toHaveAttribute("data-value", "11", { timeout: 5_000 });
    const onShare = env.pusher.published.filter((e) => e.channels.includes(shareChannel));
    expect(onShare.length).toBeGreaterThanOrEqual(1);
    expect(onShare.every((e) => e.name === "change" && JSON.stringify((e.parsedData as { metrics: string[] }).metrics) === '["orders"]')).toBe(true);
    expect(env.pusher.refusedSubscriptions).toEqual([]);
    await guest.context().close();
  });
});
