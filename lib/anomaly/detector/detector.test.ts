import { describe, expect, it } from "vitest";
import { ALARM_SCORE, createDetector, type Assessment, type DetectorOptions } from "./index";
import { gaussian, poisson, seasonalValue, seededRandom, START } from "./testing/synthetic-series";

const FIVE_MIN = 300;
const step = FIVE_MIN * 1000;

function run(options: DetectorOptions, values: (number | null)[]): Assessment[] {
  const detector = createDetector(options);
  return values.map((value, i) => detector.update({ t: START + i * step, value }));
}

function seasonal(buckets: number, seed = 7): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: buckets }, (_, i) => seasonalValue(START + i * step, random));
}

const TWO_WEEKS = 14 * 288;
const alarmsBetween = (a: Assessment[], from: number, to: number) => a.slice(from, to).filter((x) => x.anomalous);

describe("createDetector on a noisy daily/weekly seasonal series", () => {
  it("stays quiet over four weeks of ordinary noise", () => {
    const assessments = run({ bucketSeconds: FIVE_MIN, kind: "level" }, seasonal(28 * 288));
    expect(assessments.filter((a) => a.anomalous)).toEqual([]);
  });

  it("flags a spike at the bucket it happens, as a spike, with the value above the band", () => {
    const values = seasonal(TWO_WEEKS + 288);
    const at = TWO_WEEKS + 150;
    values[at] *= 2.2;
    const assessments = run({ bucketSeconds: FIVE_MIN, kind: "level" }, values);
    expect(assessments[at]).toMatchObject({ anomalous: true, kind: "spike", warm: true });
    expect(assessments[at].value).toBeGreaterThan(assessments[at].upper as number);
    expect(assessments[at].score).toBeGreaterThanOrEqual(ALARM_SCORE);
    expect(alarmsBetween(assessments, 0, at)).toEqual([]);
  });

  it("flags a drop below the band as a drop", () => {
    const values = seasonal(TWO_WEEKS + 288);
    const at = TWO_WEEKS + 140; // around noon, when the level is high
    values[at] *= 0.25;
    const assessments = run({ bucketSeconds: FIVE_MIN, kind: "level" }, values);
    expect(assessments[at]).toMatchObject({ anomalous: true, kind: "drop" });
    expect(assessments[at].value).toBeLessThan(assessments[at].lower as number);
  });

  it("expects the usual shape of the day: the expected value follows the daily profile", () => {
    const values = seasonal(TWO_WEEKS);
    const assessments = run({ bucketSeconds: FIVE_MIN, kind: "level" }, values);
    const lastDay = assessments.slice(-288);
    const error = lastDay.reduce((s, a) => s + Math.abs((a.value as number) - (a.expected as number)), 0) / 288;
    const mean = lastDay.reduce((s, a) => s + (a.value as number), 0) / 288;
    expect(error / mean).toBeLessThan(0.12); // the noise alone is 8%
  });
});

describe("createDetector on sustained changes", () => {
  it("calls a sustained move of a steady series a level shift, then settles on the new level", () => {
    const random = seededRandom(3);
    const values = Array.from({ length: 3000 }, (_, i) => 50 + 2 * gaussian(random) + (i >= 2000 ? 12 : 0));
    const assessments = run({ bucketSeconds: 60, kind: "level" }, values);
    const flagged = assessments.slice(2000, 2030).filter((a) => a.anomalous);
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.some((a) => a.kind === "level_shift")).toBe(true);
    expect(alarmsBetween(assessments, 0, 2000)).toEqual([]);
    expect(alarmsBetween(assessments, 2300, 3000)).toEqual([]);
  });
});

describe("createDetector on recurring spikes", () => {
  it("learns that a spike the series keeps producing is its normal, yet flags a larger one", () => {
    const random = seededRandom(31);
    // +15σ every 100 buckets (a flush every eight hours), then once +40σ.
    const values = Array.from({ length: 3200 }, (_, i) => 100 + 2 * gaussian(random) + (i % 100 === 50 ? 30 : 0) + (i === 3120 ? 80 : 0));
    const assessments = run({ bucketSeconds: FIVE_MIN, kind: "level" }, values);
    expect(assessments[50]).toMatchObject({ anomalous: true, kind: "spike" });
    // Once a handful have been seen, hardly any more is flagged (without the recurrence rule,
    // 5 of spikes 6 to 30 are), and none once a few dozen have been.
    const spikes = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => assessments[(from + k) * 100 + 50]);
    expect(spikes(6, 30).filter((a) => a.anomalous).length).toBeLessThanOrEqual(2);
    expect(spikes(19, 30).filter((a) => a.anomalous)).toEqual([]);
    expect(assessments[3120]).toMatchObject({ anomalous: true, kind: "spike" });
  });
});

describe("createDetector on streams that go quiet", () => {
  it("flags silence when a busy event rate drops to nothing", () => {
    const random = seededRandom(11);
    const values: (number | null)[] = Array.from({ length: 2000 }, () => 40 + 4 * gaussian(random));
    for (let i = 1900; i < 2000; i++) values[i] = null;
    const assessments = run({ bucketSeconds: 60, kind: "rate" }, values);
    expect(assessments[1900]).toMatchObject({ anomalous: true, kind: "silence" });
    expect(alarmsBetween(assessments, 0, 1900)).toEqual([]);
  });

  it("flags silence when a count stream that had a dozen events a bucket gets none", () => {
    const random = seededRandom(5);
    const values = Array.from({ length: 1500 }, (_, i) => (i < 1400 ? poisson(random, 12) : 0));
    const assessments = run({ bucketSeconds: 300, kind: "count" }, values);
    expect(assessments.slice(1400, 1403).some((a) => a.anomalous && a.kind === "silence")).toBe(true);
    expect(alarmsBetween(assessments, 0, 1400)).toEqual([]);
  });

  it("does not judge a gauge's missing buckets", () => {
    const assessments = run({ bucketSeconds: 60, kind: "level" }, [...Array.from({ length: 100 }, () => 5), null]);
    expect(assessments[100]).toMatchObject({ value: null, anomalous: false, score: 0, expected: null });
  });
});

describe("createDetector on sparse counts", () => {
  it("stays quiet over four weeks of a few Poisson events an hour", () => {
    const random = seededRandom(21);
    const values = Array.from({ length: 28 * 24 }, () => poisson(random, 3));
    const assessments = run({ bucketSeconds: 3600, kind: "count" }, values);
    expect(assessments.filter((a) => a.anomalous)).toEqual([]);
    expect(assessments.at(-1)?.upper).toBeGreaterThanOrEqual(8);
  });

  it("flags a burst far beyond what a Poisson stream of that rate produces", () => {
    const random = seededRandom(22);
    const values = Array.from({ length: 14 * 24 }, () => poisson(random, 3));
    values[300] = 30;
    const assessments = run({ bucketSeconds: 3600, kind: "count" }, values);
    expect(assessments[300]).toMatchObject({ anomalous: true, kind: "spike" });
  });
});

describe("createDetector day-one behaviour", () => {
  it("judges after a few hours of history", () => {
    const random = seededRandom(9);
    const values = Array.from({ length: 600 }, () => 100 + 5 * gaussian(random));
    values[60] = 200; // five hours in
    const assessments = run({ bucketSeconds: FIVE_MIN, kind: "level" }, values);
    expect(assessments[0].warm).toBe(false);
    expect(assessments[30].warm).toBe(true);
    expect(assessments[60]).toMatchObject({ anomalous: true, kind: "spike" });
    expect(alarmsBetween(assessments, 0, 60)).toEqual([]);
  });

  it("stays quiet through its first day of a daily hump, whatever the noise draw", () => {
    // Before a day has been seen the morning climb is new; it must not read as a level shift.
    for (let seed = 1; seed <= 20; seed++) {
      const assessments = run({ bucketSeconds: FIVE_MIN, kind: "level" }, seasonal(288, seed));
      expect({ seed, alarms: assessments.filter((a) => a.anomalous).length }).toEqual({ seed, alarms: 0 });
    }
  });

  it("draws a wider band while young and narrows it as it learns", () => {
    const random = seededRandom(10);
    const values = Array.from({ length: 2000 }, () => 100 + 5 * gaussian(random));
    const assessments = run({ bucketSeconds: FIVE_MIN, kind: "level" }, values);
    const width = (a: Assessment) => (a.upper as number) - (a.lower as number);
    expect(width(assessments[30])).toBeGreaterThan(1.2 * width(assessments[1999]));
    expect(assessments[1999].lower).toBeLessThan(100);
    expect(assessments[1999].upper).toBeGreaterThan(100);
  });
});
