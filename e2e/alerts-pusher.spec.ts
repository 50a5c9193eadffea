import { expect, test } from "@playwright/test";
import { pusherApp } from "./support/pusher-app";
import { liveBoard, openLive, sendOrders, stillSameDocument } from "./support/live-board";

const APP = { appId: "778", key: "flux-e2e-alerts-key", secret: "flux-e2e-alerts-secret-0123456789" };

// Flux configured for Pusher (a local server speaking Pusher's protocols, tests/pusher): the
// header learns of a firing alert through pusher-js's `alerts` event, not the built-in stream.
test.describe("firing alerts through Pusher", () => {
  const env = pusherApp(APP);

  test("an alert fired by ingest reaches the header over pusher-js without a reload, and the message names nothing", async ({ page }) => {
    const board = await liveBoard(page, "alerts-pusher");
    const { createAlertRule } = await import("../lib/alerts/alerts");
    const ctx = { kind: "key" as const, projectId: board.projectId, keyId: "e2e-alerts-pusher", scopes: ["admin"] as "admin"[] };
    await createAlertRule({ ctx, input: { name: "Order rush", severity: "warning", condition: { kind: "threshold", query: { source: "metric", name: "orders", aggregation: "sum" }, reduce: "sum", windowMinutes: 5, op: "above", value: 5 } } });
    const channel = `private-flux-project-${board.projectId}`;
    let sseRequests = 0;
    page.on("request", (r) => { if (r.url().includes("/api/v1/live?")) sseRequests++; });
    await openLive(page, board, env.app.url);
    await expect(page.getByTestId("firing-indicator")).toHaveAttribute("data-count", "0");

    await sendOrders(env.app.url, board.key, [10]);
    await expect(page.getByTestId("firing-count")).toHaveText("1 firing", { timeout: 15_000 });
    await expect(page.getByTestId("firing-banner")).toContainText("Order rush");

    const signals = env.pusher.published.filter((e) => e.channels.includes(channel) && e.name === "alerts");
    expect(signals.length).toBeGreaterThanOrEqual(1);
    expect(signals.every((e) => e.data === "{}")).toBe(true);
    expect(env.pusher.rejected).toEqual([]);
    expect(sseRequests).toBe(0);
    expect(await stillSameDocument(page)).toBe(true);
  });
});
