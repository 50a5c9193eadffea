import { describe, expect, it } from "vitest";
import { createQueuedRuns } from "./join-queued";

/** A run that waits for a slot until `start()` is called, then answers with its number. */
function gatedRuns() {
  const gates: (() => void)[] = [];
  let runs = 0;
  const run = (started: () => void) => {
    const n = ++runs;
    return new Promise<number>((resolve) => gates.push(() => { started(); resolve(n); }));
  };
  return { run, open: () => gates.shift()!(), runs: () => runs };
}

describe("joining queued query runs", () => {
  it("gives identical requests that arrive while the first waits one shared run", async () => {
    const join = createQueuedRuns();
    const g = gatedRuns();
    const answers = [join("q", g.run), join("q", g.run), join("q", g.run)];
    g.open();
    expect(await Promise.all(answers)).toEqual([1, 1, 1]);
    expect(g.runs()).toBe(1);
  });

  it("never joins a run that has started: a later request gets a run of its own", async () => {
    const join = createQueuedRuns();
    const g = gatedRuns();
    const first = join("q", g.run);
    g.open();
    const second = join("q", g.run);
    g.open();
    expect([await first, await second]).toEqual([1, 2]);
  });

  it("keeps different requests apart", async () => {
    const join = createQueuedRuns();
    const g = gatedRuns();
    const a = join("a", g.run);
    const b = join("b", g.run);
    g.open();
    g.open();
    expect([await a, await b]).toEqual([1, 2]);
  });

  it("does not hold on to a run that started at once", async () => {
    const join = createQueuedRuns();
    let runs = 0;
    const immediate = (started: () => void) => { started(); return Promise.resolve(++runs); };
    expect(await join("q", immediate)).toBe(1);
    expect(await join("q", immediate)).toBe(2);
  });

  it("shares a failure with everyone who joined, and forgets it", async () => {
    const join = createQueuedRuns();
    let fail!: (e: Error) => void;
    const failing = () => new Promise<number>((_, reject) => { fail = reject; });
    const both = [join("q", failing), join("q", failing)];
    fail(new Error("statement timeout"));
    for (const p of both) await expect(p).rejects.toThrow("statement timeout");
    let runs = 0;
    expect(await join("q", (started) => { started(); return Promise.resolve(++runs); })).toBe(1);
  });
});
