import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { repeatWithoutOverlap } from "./repeat";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A job that records when it ran and takes `durations[i]` ms on its i-th call. */
function job(durations: number[]) {
  const calls: { start: number; end: number }[] = [];
  let running = 0;
  let maxRunning = 0;
  const run = async () => {
    const start = Date.now();
    running++;
    maxRunning = Math.max(maxRunning, running);
    await new Promise((resolve) => setTimeout(resolve, durations[calls.length] ?? 0));
    running--;
    calls.push({ start, end: Date.now() });
  };
  return { run, calls, maxRunning: () => maxRunning };
}

describe("repeatWithoutOverlap", () => {
  it("runs first after firstRunMs, then every everyMs from the start of the previous run", async () => {
    const j = job([100, 100, 100]);
    const stop = repeatWithoutOverlap({ run: j.run, firstRunMs: 5_000, everyMs: 60_000 });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(j.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(60_000 * 2 + 200);
    stop();
    expect(j.calls.map((c) => c.start - j.calls[0].start)).toEqual([0, 60_000, 120_000]);
  });

  it("never starts a run before the previous one has ended, however long it takes", async () => {
    const j = job([150_000, 10, 10]);
    const stop = repeatWithoutOverlap({ run: j.run, firstRunMs: 0, everyMs: 60_000 });
    await vi.advanceTimersByTimeAsync(150_000 + 60_000 + 100);
    stop();
    expect(j.maxRunning()).toBe(1);
    // Straight after the long run (a zero timeout fires a millisecond later).
    expect(j.calls[1].start - j.calls[0].end).toBeGreaterThanOrEqual(0);
    expect(j.calls[1].start - j.calls[0].end).toBeLessThanOrEqual(1);
    expect(j.calls[2].start - j.calls[1].start).toBe(60_000);
  });

  it("keeps going after a run fails, and stops for good when stopped", async () => {
    let n = 0;
    const run = async () => {
      if (n++ === 0) throw new Error("boom");
    };
    const stop = repeatWithoutOverlap({ run, firstRunMs: 0, everyMs: 1_000 });
    await vi.advanceTimersByTimeAsync(2_500);
    expect(n).toBe(3);
    stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(n).toBe(3);
  });

  it("never keeps the process alive", async () => {
    const spy = vi.spyOn(globalThis, "setTimeout");
    const stop = repeatWithoutOverlap({ run: async () => {}, firstRunMs: 1_000, everyMs: 1_000 });
    const timer = spy.mock.results.at(-1)!.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    stop();
    spy.mockRestore();
  });
});
