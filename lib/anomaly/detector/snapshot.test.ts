import { describe, expect, it } from "vitest";
import { createDetector, type Assessment, type DetectorOptions, type Observation } from "./index";
import { gaussian, poisson, seasonalValue, seededRandom, START } from "./testing/synthetic-series";

function observations(kind: DetectorOptions["kind"], length: number, bucketSeconds: number): Observation[] {
  const random = seededRandom(42);
  return Array.from({ length }, (_, i) => {
    const t = START + i * bucketSeconds * 1000;
    const value = kind === "count" ? poisson(random, 2) : i % 97 === 13 ? null : seasonalValue(t, random) + (i === 700 ? 300 : 0);
    return { t, value, learnOnly: i % 211 === 5, exclude: i % 307 === 9 };
  });
}

function straight(options: DetectorOptions, obs: Observation[]): Assessment[] {
  const detector = createDetector(options);
  return obs.map((o) => detector.update(o));
}

describe("detector snapshots", () => {
  for (const options of [
    { bucketSeconds: 3600, kind: "level" },
    { bucketSeconds: 3600, kind: "count" },
    { bucketSeconds: 60, kind: "rate" },
  ] as DetectorOptions[]) {
    it(`resume exactly when split at every point (${options.kind}, ${options.bucketSeconds} s buckets)`, () => {
      const obs = observations(options.kind, 24 * 9 + 40, options.bucketSeconds); // past a week: every profile in use
      const expected = straight(options, obs);
      for (let split = 0; split <= obs.length; split++) {
        const first = createDetector(options);
        for (let i = 0; i < split; i++) first.update(obs[i]);
        const snapshot = JSON.parse(JSON.stringify(first.snapshot()));
        const resumed = createDetector(options, snapshot);
        for (let i = split; i < obs.length; i++) {
          const got = resumed.update(obs[i]);
          if (JSON.stringify(got) !== JSON.stringify(expected[i])) {
            expect({ split, i, got }).toEqual({ split, i, got: expected[i] });
          }
        }
      }
    });
  }

  it("stay under 16 KB of JSON for the finest buckets after weeks", () => {
    const detector = createDetector({ bucketSeconds: 10, kind: "level" });
    const random = seededRandom(1);
    for (let i = 0; i < 15 * 8640; i += 1) detector.update({ t: START + i * 10_000, value: 10 + gaussian(random) });
    expect(JSON.stringify(detector.snapshot()).length).toBeLessThan(16 * 1024);
  });

  it("refuse a snapshot taken with other options", () => {
    const snapshot = createDetector({ bucketSeconds: 60, kind: "level" }).snapshot();
    expect(() => createDetector({ bucketSeconds: 300, kind: "level" }, snapshot)).toThrow(/other options/);
    expect(() => createDetector({ bucketSeconds: 60, kind: "level" }, { ...snapshot, v: 99 })).toThrow(/version/);
  });
});

describe("snapshots of the first format (no run statistics)", () => {
  it("still resume: the model carries on, the run statistics start afresh", () => {
    const options: DetectorOptions = { bucketSeconds: 3600, kind: "level" };
    const obs = observations("level", 24 * 9, 3600);
    const detector = createDetector(options);
    obs.slice(0, 24 * 8).forEach((o) => detector.update(o));
    const current = detector.snapshot();
    const legacy = Object.fromEntries(
      Object.entries(current).filter(([key]) => !["recentScores", "recentScoresAt", "likelihoodN", "likelihoodMean", "likelihoodVar"].includes(key)),
    );
    const resumed = createDetector(options, { ...legacy, v: 1 });
    const next = obs[24 * 8];
    const a = resumed.update(next);
    const b = createDetector(options, current).update(next);
    expect(a.expected).toBe(b.expected);
    expect(a.upper).toBe(b.upper);
  });
});
