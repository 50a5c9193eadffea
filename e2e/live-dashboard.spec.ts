import { expect, test } from "@playwright/test";
import type { RunningApp } from "../scripts/lib/app-server";
import { startExtraApp } from "../tests/extra-app";
import { TcpRelay } from "./support/tcp-relay";
import { graphSum, liveBoard, numberValue, openLive, sendOrders, stillSameDocument } from "./support/live-board";

const mainUrl = () => process.env.FLUX_TEST_BASE_URL!;

test("a dashboard is live by default: points sent to the ingest API change the number and the graph without a reload", async ({ page }) => {
  const board = await liveBoard(page, "live");
  await sendOrders(mainUrl(), board.key, [2]);
  await openLive(page, board);
  await expect(numberValue(page, board)).toHaveAttribute("data-value", "2");
  const asked: string[] = [];
  page.on("request", (r) => { if (r.url().includes("/api/v1/query")) asked.push(r.postData() ?? ""); });

  await sendOrders(mainUrl(), board.key, [3, 4]);
  await expect(numberValue(page, board)).toHaveAttribute("data-value", "9", { timeout: 5_000 });
  await expect.poll(() => graphSum(page, board), { timeout: 5_000 }).toBe(9);
  expect(await stillSameDocument(page)).toBe(true);
  // Only the widgets that read `orders` were refetched.
  expect(asked.length).toBeGreaterThanOrEqual(2);
  expect(asked.filter((body) => !body.includes('"orders"') || body.includes('"refunds"'))).toEqual([]);
});

test("a burst of 1,000 batches ends with the final total on screen, through a bounded number of refetches", async ({ page }) => {
  test.slow();
  const board = await liveBoard(page, "burst");
  await openLive(page, board);
  let queries = 0;
  page.on("request", (r) => { if (r.url().includes("/api/v1/query")) queries++; });
  let next = 0;
  const worker = async () => { while (next < 1000) { next++; await sendOrders(mainUrl(), board.key, [1]); } };
  await Promise.all(Array.from({ length: 16 }, worker));
  await expect(numberValue(page, board)).toHaveAttribute("data-value", "1000", { timeout: 10_000 });
  await expect.poll(() => graphSum(page, board), { timeout: 10_000 }).toBe(1000);
  // Two widgets, each refetched at most once per throttled message, one at a time.
  expect(queries).toBeLessThan(200);
});

test("a tab hidden for a while lets its live connection go and catches up when shown again", async ({ page }) => {
  const board = await liveBoard(page, "hidden");
  await sendOrders(mainUrl(), board.key, [1]);
  await openLive(page, board);
  await expect(numberValue(page, board)).toHaveAttribute("data-value", "1");
  const setVisibility = (state: "hidden" | "visible") => page.evaluate((s) => {
    Object.defineProperty(document, "visibilityState", { value: s, configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  }, state);
  const streamClosed = page.waitForEvent("requestfailed", { predicate: (r) => r.url().includes("/api/v1/live?"), timeout: 20_000 });
  await setVisibility("hidden");
  await streamClosed;
  await sendOrders(mainUrl(), board.key, [2]);
  await page.waitForTimeout(1_500);
  await expect(numberValue(page, board)).toHaveAttribute("data-value", "1");
  await setVisibility("visible");
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-state", "live");
  await expect(numberValue(page, board)).toHaveAttribute("data-value", "3", { timeout: 5_000 });
});

test.describe("with a second Flux instance on the same database", () => {
  let second: RunningApp;
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    // A 1 s heartbeat, so a silent (half-open) connection is noticed within 2.5 s.
    second = await startExtraApp({ FLUX_LIVE_HEARTBEAT_SECONDS: "1" });
  });
  test.afterAll(async () => second?.stop());

  test("a browser on one instance stays live when data is ingested through the other", async ({ page }) => {
    const board = await liveBoard(page, "replicas");
    await openLive(page, board, second.url);
    await sendOrders(mainUrl(), board.key, [5]);
    await expect(numberValue(page, board)).toHaveAttribute("data-value", "5", { timeout: 5_000 });
    await sendOrders(second.url, board.key, [6]);
    await expect(numberValue(page, board)).toHaveAttribute("data-value", "11", { timeout: 5_000 });
  });

  test("a dropped live connection says reconnecting, then offline, recovers, and shows what arrived meanwhile", async ({ page }) => {
    test.slow();
    const board = await liveBoard(page, "dropped");
    await sendOrders(mainUrl(), board.key, [1]);
    const relay = await TcpRelay.start(Number(new URL(second.url).port));
    try {
      await openLive(page, board, relay.url);
      const status = page.getByTestId("live-status");
      relay.refuse(true);
      relay.cut();
      await expect(status).toHaveAttribute("data-state", "reconnecting");
      await sendOrders(mainUrl(), board.key, [7]);
      await expect(status).toHaveAttribute("data-state", "offline", { timeout: 20_000 });
      await expect(numberValue(page, board)).toHaveAttribute("data-value", "1");
      relay.refuse(false);
      await expect(status).toHaveAttribute("data-state", "live", { timeout: 40_000 });
      // Changes sent while disconnected are not replayed: the reconnect refetches everything.
      await expect(numberValue(page, board)).toHaveAttribute("data-value", "8", { timeout: 5_000 });
      await sendOrders(mainUrl(), board.key, [1]);
      await expect(numberValue(page, board)).toHaveAttribute("data-value", "9", { timeout: 5_000 });
      expect(await stillSameDocument(page)).toBe(true);
    } finally {
      await relay.stop();
    }
  });

  test("a live connection that goes silent without closing is replaced within a few heartbeats", async ({ page }) => {
    const board = await liveBoard(page, "silent");
    const relay = await TcpRelay.start(Number(new URL(second.url).port));
    try {
      await openLive(page, board, relay.url);
      relay.freezeLiveStreams();
      await sendOrders(mainUrl(), board.key, [4]);
      // The frozen stream carries nothing; the watchdog reconnects, and the reconnect catches up.
      await expect(numberValue(page, board)).toHaveAttribute("data-value", "4", { timeout: 10_000 });
      await expect(page.getByTestId("live-status")).toHaveAttribute("data-state", "live");
    } finally {
      await relay.stop();
    }
  });
});
