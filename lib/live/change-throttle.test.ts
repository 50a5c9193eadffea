import { describe, expect, it } from "vitest";
import { createChangeThrottle } from "./change-throttle";
import type { LiveChange } from "./change-message";

function fakeClock() {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  return {
    now: () => now,
    setTimeout: (fn: () => void, ms: number) => {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id: unknown) => {
      timers = timers.filter((t) => t.id !== id);
    },
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
      }
      now = end;
    },
    pending: () => timers.length,
  };
}

const at = (second: number, metrics: string[] = ["m"], events: string[] = []): LiveChange => {
  const iso = new Date(Date.UTC(2026, 10, 30, 12, 0, second)).toISOString();
  return { metrics, events, from: iso, to: iso };
};

describe("change throttle", () => {
  it("publishes the first change of a quiet project at once", () => {
    const clock = fakeClock();
    const sent: [string, LiveChange][] = [];
    const throttle = createChangeThrottle({ intervalMs: 250, publish: (p, c) => sent.push([p, c]), clock });
    throttle.add("p1", at(1));
    expect(sent).toEqual([["p1", at(1)]]);
  });

  it("merges a burst into one trailing message that holds every name and the whole span", () => {
    const clock = fakeClock();
    const sent: LiveChange[] = [];
    const throttle = createChangeThrottle({ intervalMs: 250, publish: (_, c) => sent.push(c), clock });
    throttle.add("p", at(5, ["a"]));
    throttle.add("p", at(9, ["b"], ["signup"]));
    throttle.add("p", at(2, ["a", "c"]));
    expect(sent).toHaveLength(1);
    clock.advance(250);
    expect(sent).toHaveLength(2);
    expect(sent[1].metrics.sort()).toEqual(["a", "b", "c"]);
    expect(sent[1].events).toEqual(["signup"]);
    expect(sent[1].from).toBe(at(2).from);
    expect(sent[1].to).toBe(at(9).to);
  });

  it("sends a bounded number of messages for 1,000 changes in a second, the last one included", () => {
    const clock = fakeClock();
    const sent: LiveChange[] = [];
    const throttle = createChangeThrottle({ intervalMs: 250, publish: (_, c) => sent.push(c), clock });
    for (let i = 0; i < 1000; i++) {
      throttle.add("p", at(i % 60, [`m${i % 7}`]));
      clock.advance(1);
    }
    clock.advance(1000);
    expect(sent.length).toBeLessThanOrEqual(1000 / 250 + 2);
    expect(sent.length).toBeGreaterThanOrEqual(4);
    const last = sent[sent.length - 1];
    // The 1,000th change (second 39, metric m4) is in the final message.
    expect(last.metrics).toContain("m4");
    expect(Date.parse(last.to)).toBeGreaterThanOrEqual(Date.parse(at(39).to));
  });

  it("keeps projects apart: a busy project does not delay another", () => {
    const clock = fakeClock();
    const sent: string[] = [];
    const throttle = createChangeThrottle({ intervalMs: 250, publish: (p) => sent.push(p), clock });
    throttle.add("busy", at(1));
    throttle.add("busy", at(2));
    throttle.add("quiet", at(3));
    expect(sent).toEqual(["busy", "quiet"]);
  });

  it("forgets a project once it has been quiet for an interval", () => {
    const clock = fakeClock();
    const sent: LiveChange[] = [];
    const throttle = createChangeThrottle({ intervalMs: 250, publish: (_, c) => sent.push(c), clock });
    throttle.add("p", at(1));
    clock.advance(300);
    expect(clock.pending()).toBe(0);
    throttle.add("p", at(2));
    expect(sent).toHaveLength(2);
  });

  it("flush publishes what is pending and cancels its timers", () => {
    const clock = fakeClock();
    const sent: LiveChange[] = [];
    const throttle = createChangeThrottle({ intervalMs: 250, publish: (_, c) => sent.push(c), clock });
    throttle.add("p", at(1));
    throttle.add("p", at(2, ["late"]));
    throttle.flush();
    expect(sent.map((c) => c.metrics)).toEqual([["m"], ["late"]]);
    expect(clock.pending()).toBe(0);
  });
});
