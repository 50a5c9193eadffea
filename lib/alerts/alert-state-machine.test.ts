import { describe, expect, it } from "vitest";
import { recoveryMs, step, type GroupState, type Observation, type StepOptions } from "./alert-state-machine";

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 1, 12);
const high: Observation = { kind: "value", value: 10, holds: true, cleared: false };
const low: Observation = { kind: "value", value: 1, holds: false, cleared: true };
const band: Observation = { kind: "value", value: 5, holds: false, cleared: false };
const opts = (o: Partial<StepOptions> = {}): StepOptions => ({ forMs: 0, recoveryMs: MIN, renotifyMs: null, muted: false, ...o });

/** Runs observations at the given minutes; returns the states and messages. */
function run(seq: [number, Observation][], o: StepOptions) {
  let s: GroupState | null = null;
  return seq.map(([minute, obs]) => {
    const r = step(s, obs, o, T0 + minute * MIN);
    s = r.next;
    return { state: r.next.state, notify: r.notify, record: r.record };
  });
}

describe("alert state machine", () => {
  it("fires at once without a 'for' duration and announces it once", () => {
    const r = run([[0, high], [1, high], [2, high]], opts());
    expect(r.map((x) => x.state)).toEqual(["firing", "firing", "firing"]);
    expect(r.map((x) => x.notify)).toEqual(["firing", null, null]);
    expect(r.map((x) => x.record)).toEqual([true, false, false]);
  });

  it("waits in pending until the condition has held for 'for', and a blip back to normal starts over", () => {
    const r = run([[0, high], [2, high], [3, low], [4, high], [6, high], [9, high]], opts({ forMs: 5 * MIN }));
    expect(r.map((x) => x.state)).toEqual(["pending", "pending", "normal", "pending", "pending", "firing"]);
    expect(r.map((x) => x.notify)).toEqual([null, null, null, null, null, "firing"]);
  });

  it("resolves only after the condition stayed cleared for the recovery time, with one resolved message", () => {
    const r = run([[0, high], [1, low], [1.5, low], [2, low], [3, low]], opts({ recoveryMs: MIN }));
    expect(r.map((x) => x.state)).toEqual(["firing", "recovering", "recovering", "normal", "normal"]);
    expect(r.map((x) => x.notify)).toEqual(["firing", null, null, "resolved", null]);
  });

  it("damps flapping: a value crossing back during recovery returns to firing without a new message", () => {
    const r = run([[0, high], [1, low], [1.5, high], [2, low], [2.5, high], [3, low], [5, low]], opts());
    expect(r.map((x) => x.notify).filter(Boolean)).toEqual(["firing", "resolved"]);
    expect(r.at(-1)!.state).toBe("normal");
  });

  it("hysteresis: a value between the alert and the recovery value keeps a firing alert firing and never starts one", () => {
    expect(run([[0, high], [1, band], [5, band]], opts()).map((x) => x.state)).toEqual(["firing", "firing", "firing"]);
    expect(run([[0, band], [1, band]], opts()).map((x) => x.state)).toEqual(["normal", "normal"]);
    expect(run([[0, high], [1, low], [1.5, band]], opts()).map((x) => x.state)).toEqual(["firing", "recovering", "firing"]);
  });

  it("re-notifies while firing only every renotify interval", () => {
    const seq: [number, Observation][] = [0, 1, 4, 5, 6, 9, 10, 11].map((m) => [m, high]);
    const r = run(seq, opts({ renotifyMs: 5 * MIN }));
    expect(r.map((x) => x.notify)).toEqual(["firing", null, null, "reminder", null, null, "reminder", null]);
    expect(r.map((x) => x.record)).toEqual([true, false, false, true, false, false, true, false]);
  });

  it("muted rules change state but send nothing, and owe no resolved message", () => {
    const r = run([[0, high], [1, high], [2, low], [4, low]], opts({ muted: true, renotifyMs: 5 * MIN }));
    expect(r.map((x) => x.state)).toEqual(["firing", "firing", "recovering", "normal"]);
    expect(r.every((x) => x.notify === null)).toBe(true);
  });

  it("announces a still-firing alert once its mute has ended", () => {
    const first = step(null, high, opts({ muted: true }), T0);
    expect(first.notify).toBeNull();
    const later = step(first.next, high, opts({ muted: false }), T0 + MIN);
    expect(later).toMatchObject({ notify: "firing", record: true, next: { state: "firing", lastNotifiedAt: T0 + MIN } });
  });

  it("goes to no_data and error without a message, and an announced episode continues through them", () => {
    const r = run([[0, high], [1, { kind: "no_data" }], [2, { kind: "error" }], [3, high], [4, low], [6, low]], opts());
    expect(r.map((x) => x.state)).toEqual(["firing", "no_data", "error", "firing", "recovering", "normal"]);
    expect(r.map((x) => x.notify)).toEqual(["firing", null, null, null, null, "resolved"]);
  });

  it("a rule that never fired goes from no_data back to normal silently", () => {
    const r = run([[0, { kind: "no_data" }], [1, low]], opts());
    expect(r.map((x) => [x.state, x.notify])).toEqual([["no_data", null], ["normal", null]]);
  });

  it("without a recovery time a cleared condition resolves at once", () => {
    const r = run([[0, high], [1, low]], opts({ recoveryMs: 0 }));
    expect(r.map((x) => [x.state, x.notify])).toEqual([["firing", "firing"], ["normal", "resolved"]]);
  });

  it("keeps 'since' at the start of each state", () => {
    let s = step(null, high, opts({ forMs: 2 * MIN }), T0).next;
    s = step(s, high, opts({ forMs: 2 * MIN }), T0 + MIN).next;
    expect(s).toMatchObject({ state: "pending", since: T0, conditionSince: T0 });
    s = step(s, high, opts({ forMs: 2 * MIN }), T0 + 2 * MIN).next;
    expect(s).toMatchObject({ state: "firing", since: T0 + 2 * MIN });
  });

  it("recovery time: thresholds wait at least a minute (at most five), anomaly and no-data rules do not", () => {
    expect(recoveryMs("threshold", 0)).toBe(MIN);
    expect(recoveryMs("threshold", 3)).toBe(3 * MIN);
    expect(recoveryMs("threshold", 60)).toBe(5 * MIN);
    expect(recoveryMs("anomaly", 10)).toBe(0);
    expect(recoveryMs("no_data", 10)).toBe(0);
  });
});
