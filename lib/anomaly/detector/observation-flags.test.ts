import { describe, expect, it } from "vitest";
import { createDetector } from "./index";
import { gaussian, seededRandom, START } from "./testing/synthetic-series";

const STEP = 60_000;
function steady(length: number, seed = 4): number[] {
  const random = seededRandom(seed);
  return Array.from({ length }, () => 100 + 3 * gaussian(random));
}

describe("observations marked learnOnly", () => {
  it("are never flagged, however far out", () => {
    const detector = createDetector({ bucketSeconds: 60, kind: "level" });
    steady(500).forEach((value, i) => detector.update({ t: START + i * STEP, value }));
    const a = detector.update({ t: START + 500 * STEP, value: 10_000, learnOnly: true });
    expect(a).toMatchObject({ anomalous: false, score: 0, kind: null });
  });

  it("are learned as normal: the new level is expected right after the span", () => {
    const detector = createDetector({ bucketSeconds: 60, kind: "level" });
    const assessments = steady(700).map((value, i) =>
      detector.update({ t: START + i * STEP, value: i >= 500 ? value + 40 : value, learnOnly: i >= 500 && i < 560 }),
    );
    expect(assessments.slice(500).filter((a) => a.anomalous)).toEqual([]);
    const after = assessments.slice(565, 600);
    const meanExpected = after.reduce((sum, a) => sum + (a.expected as number), 0) / after.length;
    expect(Math.abs(meanExpected - 140)).toBeLessThan(4);
  });

  it("unlike unmarked ones, whose sustained change is flagged", () => {
    const detector = createDetector({ bucketSeconds: 60, kind: "level" });
    const assessments = steady(700).map((value, i) => detector.update({ t: START + i * STEP, value: i >= 500 ? value + 40 : value }));
    expect(assessments.slice(500, 520).some((a) => a.anomalous)).toBe(true);
  });
});

describe("observations marked exclude", () => {
  it("are judged but leave the baseline exactly as it was", () => {
    const values = steady(600);
    const withExcluded = createDetector({ bucketSeconds: 60, kind: "level" });
    const without = createDetector({ bucketSeconds: 60, kind: "level" });
    values.forEach((value, i) => {
      withExcluded.update({ t: START + i * STEP, value });
      without.update({ t: START + i * STEP, value });
    });
    const spike = withExcluded.update({ t: START + 600 * STEP, value: 400, exclude: true });
    expect(spike).toMatchObject({ anomalous: true, kind: "spike" });
    const after = { t: START + 601 * STEP, value: 101 };
    const a = withExcluded.update(after);
    const b = without.update(after);
    expect(a.expected).toBe(b.expected);
    expect(a.upper).toBe(b.upper);
  });
});
