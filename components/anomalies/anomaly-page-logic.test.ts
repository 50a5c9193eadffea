import { describe, expect, it } from "vitest";
import { ListAnomaliesInput } from "@/lib/anomaly/anomaly-schemas";
import { DEFAULT_FILTERS, filtersSearch, isFiltered, listInput, parseAnomalyFilters } from "./anomaly-filters";
import { MAX_BUCKETS, episodeWindow } from "./episode-window";
import { contributorText, durationText, kindLabel, tagsLabel } from "./anomaly-text";

const M = 60_000;
const H = 60 * M;
const NOW = Date.UTC(2026, 10, 30, 23, 0);
const iso = (ms: number) => new Date(ms).toISOString();

describe("the window drawn around an episode", () => {
  it("shows hours of history before a short closed episode, some time after it, in the episode's own buckets", () => {
    const start = NOW - 3 * H;
    const w = episodeWindow({ startedAt: iso(start), endedAt: iso(start + 10 * M), bucketSeconds: 60, now: NOW });
    expect(w.interval).toBe("1m");
    expect(w.from).toBeLessThanOrEqual(start - 2 * H);
    expect(w.to).toBeGreaterThanOrEqual(start + 40 * M);
    expect(w.to).toBeLessThanOrEqual(NOW);
    expect(w.episode).toEqual({ start, end: start + 10 * M });
    expect(w.from % M).toBe(0);
  });

  it("ends at now while the episode is ongoing, and marks the span up to now", () => {
    const start = NOW - 20 * M;
    const w = episodeWindow({ startedAt: iso(start), endedAt: null, bucketSeconds: 60, now: NOW });
    expect(w.to).toBe(NOW);
    expect(w.episode.end).toBe(NOW);
  });

  it("never draws finer buckets than the episode was judged at", () => {
    const start = NOW - 10 * H;
    expect(episodeWindow({ startedAt: iso(start), endedAt: iso(start + H), bucketSeconds: 900, now: NOW }).interval).toBe("15m");
    expect(episodeWindow({ startedAt: iso(start), endedAt: iso(start + H), bucketSeconds: 7200, now: NOW }).interval).toBe("1h");
  });

  it("coarsens long windows and, past a month of hours, gives up history before the episode, never the episode", () => {
    const start = NOW - 5 * 24 * H;
    const mid = episodeWindow({ startedAt: iso(start), endedAt: iso(start + 24 * H), bucketSeconds: 60, now: NOW });
    expect((mid.to - mid.from) / (mid.intervalSeconds * 1000)).toBeLessThanOrEqual(MAX_BUCKETS);
    expect(mid.interval).not.toBe("1m");
    const long = episodeWindow({ startedAt: iso(NOW - 40 * 24 * H), endedAt: null, bucketSeconds: 60, now: NOW });
    expect(long.interval).toBe("1h");
    expect((long.to - long.from) / H).toBe(MAX_BUCKETS);
    expect(long.to).toBe(NOW);
  });
});

describe("the list's filters in the URL", () => {
  it("reads every filter, and writes back only what differs from the defaults", () => {
    const f = parseAnomalyFilters({ status: "open", kind: "drop", severity: "high", source: "metric", name: " revenue ", ack: "no", range: "7d", cursor: "abc" });
    expect(f).toEqual({ status: "open", kind: "drop", minSeverity: "high", source: "metric", name: "revenue", acknowledged: "no", range: "7d", cursor: "abc" });
    expect(parseAnomalyFilters(Object.fromEntries(new URLSearchParams(filtersSearch(f))))).toEqual(f);
    expect(filtersSearch(DEFAULT_FILTERS)).toBe("");
    expect(isFiltered({ ...DEFAULT_FILTERS, cursor: "x" })).toBe(false);
    expect(isFiltered({ ...DEFAULT_FILTERS, kind: "spike" })).toBe(true);
  });

  it("drops each parameter it does not understand on its own", () => {
    const f = parseAnomalyFilters({ status: "maybe", kind: "<b>", severity: ["critical", "low"], ack: "perhaps", range: "3y", name: "x".repeat(201) });
    expect(f).toEqual({ ...DEFAULT_FILTERS, minSeverity: "critical" });
  });

  it("turns filters into an input listAnomalies accepts, relative ranges measured back from now", () => {
    const input = listInput(parseAnomalyFilters({ status: "closed", ack: "yes", range: "24h", kind: "silence", source: "event", name: "checkout" }), NOW, 50);
    expect(input).toEqual({ status: "closed", acknowledged: true, from: iso(NOW - 24 * H), kind: "silence", source: "event", name: "checkout", limit: 50 });
    expect(ListAnomaliesInput.safeParse(input).success).toBe(true);
    expect(ListAnomaliesInput.safeParse(listInput(DEFAULT_FILTERS, NOW, 50)).success).toBe(true);
    expect(listInput(parseAnomalyFilters({ ack: "no" }), NOW, 10).acknowledged).toBe(false);
  });
});

describe("words for an episode", () => {
  it("says which value explains the change, and which moved against it", () => {
    expect(contributorText({ key: "country", value: "DE", share: 0.921 }, "drop")).toBe("92% of the drop is country=DE");
    expect(contributorText({ key: "plan", value: "pro", share: 0.5 }, "level_shift")).toBe("50% of the shift is plan=pro");
    expect(contributorText({ key: "country", value: "US", share: -0.08 }, "spike")).toBe("country=US moved against the spike (8%)");
  });

  it("names kinds, tag sets and durations", () => {
    expect(kindLabel("level_shift")).toBe("Level shift");
    expect(tagsLabel({ region: "eu", plan: "pro" })).toBe("plan=pro, region=eu");
    expect(tagsLabel({})).toBe("");
    expect(durationText(iso(NOW - 45 * M), iso(NOW), NOW)).toBe("45 min");
    expect(durationText(iso(NOW - 190 * M), null, NOW)).toBe("3 h 10 min");
    expect(durationText(iso(NOW - 52 * H), null, NOW)).toBe("2 d 4 h");
  });
});
