import { expect, test } from "@playwright/test";
import { pusherApp } from "./support/pusher-app";
import { graphSum, liveBoard, numberValue, openLive, sendOrders, stillSameDocument } from "./support/live-board";

const APP = { appId: "777", key: "flux-e2e-key", secret: "flux-e2e-secret-0123456789" };

// Flux configured for Pusher, pointed at a local server speaking Pusher's REST API and
// WebSocket protocol 7 as hosted Pusher does (tests/pusher): the browser runs the real pusher-js.
test.describe("live dashboards through Pusher", () => {
  const env = pusherApp(APP);

  test("pusher-js receives each change on the project's private channel and the widgets update in place", async ({ page }) => {
    const board = await liveBoard(page, "pusher");
    const channel = `private-flux-project-${board.projectId}`;
    let sseRequests = 0;
    page.on("request", (r) => { if (r.url().includes("/api/v1/live?")) sseRequests++; });
    await openLive(page, board, env.app.url);
    expect(env.pusher.subscriberCount(channel)).toBe(1);

    await sendOrders(env.app.url, board.key, [3]);
    await expect(numberValue(page, board)).toHaveAttribute("data-value", "3", { timeout: 5_000 });
    await sendOrders(env.app.url, board.key, [4]);
    await expect(numberValue(page, board)).toHaveAttribute("data-value", "7", { timeout: 5_000 });
    await expect.poll(() => graphSum(page, board), { timeout: 5_000 }).toBe(7);

    const sent = env.pusher.published.filter((e) => e.channels.includes(channel));
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(sent.every((e) => e.name === "change" && (e.parsedData as { metrics: string[] }).metrics.includes("orders"))).toBe(true);
    expect(env.pusher.rejected).toEqual([]);
    expect(sseRequests).toBe(0);
    expect(await stillSameDocument(page)).toBe(true);
  });

  test("after Pusher drops the connection the dashboard reconnects, resubscribes and catches up", async ({ page }) => {
    const board = await liveBoard(page, "pusher-drop");
    const channel = `private-flux-project-${board.projectId}`;
    await sendOrders(env.app.url, board.key, [1]);
    await openLive(page, board, env.app.url);
    await expect(numberValue(page, board)).toHaveAttribute("data-value", "1");

    env.pusher.dropConnections();
    await expect(page.getByTestId("live-status")).not.toHaveAttribute("data-state", "live");
    // Sent while the browser is not subscribed: Pusher does not replay it, the resubscribe refetches.
    await sendOrders(env.app.url, board.key, [5]);
    await expect(page.getByTestId("live-status")).toHaveAttribute("data-state", "live", { timeout: 10_000 });
    await expect.poll(() => env.pusher.subscriberCount(channel)).toBe(1);
    await expect(numberValue(page, board)).toHaveAttribute("data-value", "6", { timeout: 5_000 });
  });

  test("a user who is not a member cannot subscribe to the project's channel", async ({ page, browser }) => {
    const board = await liveBoard(page, "pusher-owner");
    const strangerPage = await (await browser.newContext({ baseURL: env.app.url })).newPage();
    await liveBoard(strangerPage, "pusher-stranger");
    const res = await strangerPage.request.post(`${env.app.url}/api/v1/live/pusher-auth`, {
      headers: { origin: env.app.url },
      data: { socket_id: "1.1", channel_name: `private-flux-project-${board.projectId}` },
    });
    expect(res.status()).toBe(404);
    await strangerPage.context().close();
  });
});
