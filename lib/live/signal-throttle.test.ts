import { describe, expect, it } from "vitest";
import { createSignalThrottle, type SignalClock } from "./signal-throttle";

function fakeClock() {
  let now = 0;
  let timers: { at: number; fn: () => void }[] = [];
  const clock: SignalClock = { setTimeout: (fn, ms) => timers.push({ at: now + ms, fn }) };
  return {
    clock,
    async advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
        await flush();
      }
      now = end;
    },
    pending: () => timers.length,
  };
}
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe("alerts signal throttle", () => {
  it("signals a quiet project at once and resolves when the signal went out", async () => {
    const { clock } = fakeClock();
    const sent: string[] = [];
    const signal = createSignalThrottle({ intervalMs: 250, clock, send: async (p) => void sent.push(p) });
    await signal("p1");
    expect(sent).toEqual(["p1"]);
  });

  it("folds a burst into one trailing signal, and every caller hears of a signal sent after its call", async () => {
    const c = fakeClock();
    const sent: string[] = [];
    const signal = createSignalThrottle({ intervalMs: 250, clock: c.clock, send: async (p) => void sent.push(p) });
    await signal("p");
    let settled = 0;
    const later = Array.from({ length: 50 }, () => signal("p").then(() => settled++));
    await flush();
    expect(sent).toHaveLength(1);
    expect(settled).toBe(0);
    await c.advance(250);
    await Promise.all(later);
    expect(sent).toEqual(["p", "p"]);
    expect(settled).toBe(50);
  });

  it("keeps projects apart and forgets a project after a quiet interval", async () => {
    const c = fakeClock();
    const sent: string[] = [];
    const signal = createSignalThrottle({ intervalMs: 250, clock: c.clock, send: async (p) => void sent.push(p) });
    await signal("busy");
    await signal("quiet");
    expect(sent).toEqual(["busy", "quiet"]);
    await c.advance(300);
    expect(c.pending()).toBe(0);
    await signal("busy");
    expect(sent).toEqual(["busy", "quiet", "busy"]);
  });

  it("resolves, never rejects, when sending fails, and keeps signalling afterwards", async () => {
    const c = fakeClock();
    let calls = 0;
    const signal = createSignalThrottle({ intervalMs: 10, clock: c.clock, send: async () => { calls++; throw new Error("database down"); } });
    const errors = console.error;
    console.error = () => {};
    try {
      await expect(signal("p")).resolves.toBeUndefined();
      const second = signal("p");
      await c.advance(10);
      await expect(second).resolves.toBeUndefined();
    } finally {
      console.error = errors;
    }
    expect(calls).toBe(2);
  });
});
