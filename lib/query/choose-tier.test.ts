import { describe, expect, it } from "vitest";
import { chooseTier, type TierRange } from "./choose-tier";
import { resolveWindow } from "./resolve-range";

const H = 3_600_000;
const D = 24 * H;
const NOW = Date.UTC(2026, 10, 30, 13, 37, 12);
const everything = (marks: { "1m": number; "1h": number; "1d": number }): TierRange[] => [
  { tier: "1m", from: NOW - 7 * D, to: marks["1m"] },
  { tier: "1h", from: NOW - 395 * D, to: marks["1h"] },
  { tier: "1d", from: -Infinity, to: marks["1d"] },
];
const current = everything({ "1m": Date.UTC(2026, 10, 30, 13, 35), "1h": Date.UTC(2026, 10, 30, 12), "1d": Date.UTC(2026, 10, 30) });

describe("chooseTier", () => {
  it("answers from raw rows alone when no rollup is available", () => {
    const window = resolveWindow({ range: "30d", interval: "1d", now: NOW });
    expect(chooseTier({ window, available: [] })).toEqual({ tier: "raw", segments: [{ tier: "raw", from: window.from, to: window.end }] });
  });

  it("reads UTC days from the daily tier, the day so far from hours, minutes and the raw tail", () => {
    const window = resolveWindow({ range: "30d", interval: "1d", now: NOW });
    const { tier, segments } = chooseTier({ window, available: current });
    expect(tier).toBe("1d");
    expect(segments).toEqual([
      { tier: "1d", from: window.from, to: Date.UTC(2026, 10, 30) },
      { tier: "1h", from: Date.UTC(2026, 10, 30), to: Date.UTC(2026, 10, 30, 12) },
      { tier: "1m", from: Date.UTC(2026, 10, 30, 12), to: Date.UTC(2026, 10, 30, 13, 35) },
      { tier: "raw", from: Date.UTC(2026, 10, 30, 13, 35), to: NOW },
    ]);
  });

  it("uses hours, not UTC days, for local days in a zone a whole number of hours from UTC", () => {
    const window = resolveWindow({ range: "30d", interval: "1d", timezone: "Europe/Berlin", now: NOW });
    const { tier, segments } = chooseTier({ window, available: current });
    expect(tier).toBe("1h");
    expect(segments[0]).toEqual({ tier: "1h", from: window.from, to: Date.UTC(2026, 10, 30, 12) });
  });

  it("falls back to minutes for local days in a zone with a half-hour offset", () => {
    const window = resolveWindow({ range: "3d", interval: "1d", timezone: "Asia/Kolkata", now: NOW });
    expect(chooseTier({ window, available: current }).tier).toBe("1m");
  });

  it("reads raw rows where the minute tier's retention ends and no coarser tier fits the buckets", () => {
    const window = resolveWindow({ range: "14d", interval: "15m", now: NOW });
    const { segments } = chooseTier({ window, available: current });
    const minuteFrom = Math.ceil((NOW - 7 * D) / 60_000) * 60_000;
    // 15-minute buckets do not all start on an hour: only the minute tier fits them.
    expect(segments).toEqual([
      { tier: "raw", from: window.from, to: minuteFrom },
      { tier: "1m", from: minuteFrom, to: Date.UTC(2026, 10, 30, 13, 35) },
      { tier: "raw", from: Date.UTC(2026, 10, 30, 13, 35), to: NOW },
    ]);
  });

  it("never reads a tier above its watermark, and covers the window without gaps or overlaps", () => {
    for (const range of ["15m", "1h", "24h", "7d", "30d", "90d", "8d", "90m"] as const) {
      for (const interval of ["1m", "5m", "15m", "1h", "6h", "1d", "1w", "auto"] as const) {
        let window;
        try {
          window = resolveWindow({ range, interval, timezone: "America/New_York", now: NOW });
        } catch {
          continue; // too many buckets
        }
        const { segments } = chooseTier({ window, available: current });
        expect(segments[0].from).toBe(window.from);
        expect(segments[segments.length - 1].to).toBe(window.end);
        for (let i = 1; i < segments.length; i++) expect(segments[i].from).toBe(segments[i - 1].to);
        for (const s of segments) {
          if (s.tier === "raw") continue;
          const range = current.find((r) => r.tier === s.tier)!;
          expect(s.to).toBeLessThanOrEqual(range.to);
          expect(s.from).toBeGreaterThanOrEqual(range.from);
        }
      }
    }
  });
});
