import { describe, expect, it } from "vitest";
import { annotationsAtStart, explain, formatNumber, seasonalContext, severityOf, type EpisodeFacts } from "./explain";
import { sharesOfChange, baselineOffset } from "./contributors";
import { eventBucket, metricBucket, detectorKind, judgedAggregation, seriesKeyOf, tagsOfSeriesKey } from "./series-spec";

const DAY = 86_400_000;
// Tuesday 2026-12-01 10:00 UTC
const TUESDAY_10 = Date.UTC(2026, 11, 1, 10, 0);

const facts = (over: Partial<EpisodeFacts> = {}): EpisodeFacts => ({
  kind: "spike",
  label: "signups",
  aggregation: "count",
  source: "event",
  bucketSeconds: 300,
  peakAt: TUESDAY_10,
  startedAt: TUESDAY_10,
  expected: 40,
  actual: 124,
  lower: 25,
  upper: 55,
  score: 0.95,
  higherIsBetter: null,
  historyMs: 21 * DAY,
  annotations: [],
  contributors: [],
  ...over,
});

describe("explanations", () => {
  it("say how many times the usual level, naming weekday and time only when the seasonality has history", () => {
    expect(explain(facts())).toBe("signups 3.1x the usual Tuesday 10:00 UTC level (124 per 5 minutes, expected about 40 per 5 minutes)");
    expect(explain(facts({ historyMs: 3 * DAY }))).toMatch(/^signups 3\.1x the usual 10:00 UTC level/);
    expect(explain(facts({ historyMs: 6 * 3600_000 }))).toMatch(/^signups 3\.1x the usual level/);
  });

  it("describe drops in percent, shifts by direction, silences by duration", () => {
    expect(explain(facts({ kind: "drop", actual: 10 }))).toMatch(/^signups 75% below the usual Tuesday 10:00 UTC level/);
    expect(explain(facts({ kind: "level_shift", actual: 80, aggregation: "avg", source: "metric", label: "cpu{host=a}" }))).toBe("cpu{host=a} shifted up to 80 from the usual Tuesday 10:00 UTC level of about 40");
    expect(explain(facts({ kind: "silence", actual: 0, silentMs: 25 * 60_000 }))).toBe("signups went silent: nothing arrived for 25 minutes (usually about 40 per 5 minutes)");
    expect(explain(facts({ kind: "spike", actual: 48, aggregation: "rate", source: "metric", label: "api.calls" }))).toMatch(/^api\.calls 8\/s above/);
  });

  it("name the top contributor and an annotation at the start", () => {
    const text = explain(
      facts({
        kind: "drop",
        actual: 10,
        contributors: [{ key: "country", value: "DE", share: 0.92 }],
        annotations: [{ title: "Product Hunt launch", startsAt: TUESDAY_10 - 20 * 60_000, endsAt: null }],
      }),
    );
    expect(text).toContain("; 92% of the drop is country=DE");
    expect(text).toContain("; the drop started after 'Product Hunt launch'");
    expect(explain(facts({ annotations: [{ title: "Maintenance", startsAt: TUESDAY_10 - DAY, endsAt: TUESDAY_10 + DAY }] }))).toContain("the spike started during 'Maintenance'");
  });

  it("leave out annotations far from the start and weak contributors", () => {
    const far = [{ title: "Old deploy", startsAt: TUESDAY_10 - 5 * 3600_000, endsAt: null }];
    expect(annotationsAtStart(far, TUESDAY_10, 300_000)).toEqual([]);
    expect(explain(facts({ annotations: far, contributors: [{ key: "plan", value: "pro", share: 0.1 }] }))).not.toMatch(/Old deploy|plan=pro/);
  });

  it("name the weekday and time in UTC", () => {
    expect(seasonalContext(TUESDAY_10, 21 * DAY, 300)).toBe("Tuesday 10:00 UTC");
    expect(formatNumber(1234567.8)).toBe("1,234,568");
    expect(formatNumber(0.012345)).toBe("0.012");
  });
});

describe("severity", () => {
  const base = { kind: "drop" as const, actual: 50, expected: 100, lower: 80, upper: 120, score: 0.9 };
  it("is higher for the metric's bad direction: a revenue drop is worse than a cost drop", () => {
    const revenue = severityOf({ ...base, higherIsBetter: true });
    const cost = severityOf({ ...base, higherIsBetter: false });
    const unknown = severityOf({ ...base, higherIsBetter: null });
    const order = ["low", "medium", "high", "critical"];
    expect(order.indexOf(revenue)).toBeGreaterThan(order.indexOf(unknown));
    expect(order.indexOf(unknown)).toBeGreaterThan(order.indexOf(cost));
  });
  it("grows with the size of the deviation", () => {
    const small = severityOf({ kind: "spike", actual: 115, expected: 100, lower: 90, upper: 110, score: 0.55, higherIsBetter: null });
    const huge = severityOf({ kind: "spike", actual: 900, expected: 100, lower: 90, upper: 110, score: 1, higherIsBetter: null });
    expect(small).toBe("low");
    expect(huge).toBe("critical");
  });
  it("is at least medium for a silence, critical when a good thing stops", () => {
    expect(severityOf({ kind: "silence", actual: 0, expected: 2, lower: 0, upper: 5, score: 0.5, higherIsBetter: false })).toBe("medium");
    expect(severityOf({ kind: "silence", actual: 0, expected: 20, lower: 5, upper: 40, score: 0.95, higherIsBetter: true })).toBe("critical");
  });
});

describe("contributors", () => {
  it("hand out the change by value, strongest first", () => {
    const shares = sharesOfChange("country", [
      { value: "DE", now: 5, before: 60 },
      { value: "US", now: 24, before: 25 },
      { value: "FR", now: 15, before: 15 },
    ]);
    expect(shares[0]).toMatchObject({ key: "country", value: "DE" });
    expect(shares[0].share).toBeCloseTo(55 / 56, 2);
    expect(shares.map((s) => s.value)).toEqual(["DE", "US", "FR"]);
  });
  it("give nothing when nothing changed, and never name 'other'", () => {
    expect(sharesOfChange("k", [{ value: "a", now: 3, before: 3 }])).toEqual([]);
    expect(sharesOfChange("k", [{ value: "other", now: 9, before: 1 }, { value: "a", now: 2, before: 1 }]).map((s) => s.value)).toEqual(["a"]);
  });
  it("compare with a week, a day or the window before, as the history allows", () => {
    expect(baselineOffset(600_000, 20 * DAY)).toBe("7d");
    expect(baselineOffset(600_000, 3 * DAY)).toBe("1d");
    expect(baselineOffset(600_000, 3600_000)).toBe("10m");
  });
});

describe("series sizing", () => {
  it("judges counters by rate, gauges by level, distributions by p95, events by count", () => {
    expect(judgedAggregation("metric", "counter")).toBe("rate");
    expect(judgedAggregation("metric", "gauge")).toBe("avg");
    expect(judgedAggregation("metric", "distribution")).toBe("p95");
    expect(judgedAggregation("event", null)).toBe("count");
    expect(detectorKind("metric", "gauge", null)).toBe("level");
    expect(detectorKind("metric", "counter", null)).toBe("rate");
    expect(detectorKind("event", null, 50)).toBe("rate");
    expect(detectorKind("event", null, 2)).toBe("count");
  });
  it("buckets busy streams by the minute and sparse ones by the hour", () => {
    expect(eventBucket(100_000).bucketSeconds).toBe(60);
    expect(eventBucket(1440).bucketSeconds).toBe(300);
    expect(eventBucket(100).bucketSeconds).toBe(3600);
    expect(eventBucket(5)).toEqual({ bucketSeconds: 3600, meanPerBucket: 5 / 24 });
    expect(metricBucket(1, 1)).toBe(60);
    expect(metricBucket(0.2, 1)).toBe(300);
    expect(metricBucket(0, 0.1)).toBe(3600);
  });
  it("keys a tag set canonically", () => {
    expect(seriesKeyOf({})).toBe("");
    expect(seriesKeyOf({ b: "2", a: "1" })).toBe(seriesKeyOf({ a: "1", b: "2" }));
    expect(tagsOfSeriesKey(seriesKeyOf({ a: "1" }))).toEqual({ a: "1" });
  });
});
