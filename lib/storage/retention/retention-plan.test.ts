import { describe, expect, it } from "vitest";
import { DEFAULT_STORAGE_SETTINGS } from "@/lib/storage/storage-settings";
import { planRetention } from "./retention-plan";
import { rawHorizon } from "./raw-horizon";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 15, 13, 30);
const settings = (over: Partial<typeof DEFAULT_STORAGE_SETTINGS>) => ({ ...DEFAULT_STORAGE_SETTINGS, ...over });

describe("planRetention", () => {
  it("drops chunks past the longest retention of any project and deletes the rows of projects that keep less", () => {
    const plan = planRetention({
      now: NOW,
      projects: [
        { projectId: "a", settings: settings({ rawDays: 3, rollup1mDays: 2, rollup1hDays: 10, rollup1dDays: 20 }) },
        { projectId: "b", settings: settings({ rawDays: 30, rollup1mDays: 7, rollup1hDays: 400, rollup1dDays: 500 }) },
        { projectId: "c", settings: settings({ rawDays: 30, rollup1mDays: 7, rollup1hDays: 100, rollup1dDays: 500 }) },
      ],
    });
    expect(plan.raw).toEqual({ dropBefore: NOW - 30 * DAY, projects: [{ projectId: "a", before: NOW - 3 * DAY }] });
    expect(plan["1m"]).toEqual({ dropBefore: NOW - 7 * DAY, projects: [{ projectId: "a", before: NOW - 2 * DAY }] });
    expect(plan["1h"]).toEqual({
      dropBefore: NOW - 400 * DAY,
      projects: [
        { projectId: "a", before: NOW - 10 * DAY },
        { projectId: "c", before: NOW - 100 * DAY },
      ],
    });
    expect(plan["1d"]).toEqual({ dropBefore: NOW - 500 * DAY, projects: [{ projectId: "a", before: NOW - 20 * DAY }] });
  });

  it("drops nothing of a tier that one project keeps forever, and still deletes the others' rows", () => {
    const plan = planRetention({ now: NOW, projects: [{ projectId: "a", settings: settings({ rollup1dDays: 30 * 13 }) }, { projectId: "b", settings: settings({}) }] });
    expect(plan["1d"]).toEqual({ dropBefore: null, projects: [{ projectId: "a", before: NOW - 390 * DAY }] });
  });

  it("uses the defaults when there is no project", () => {
    const plan = planRetention({ now: NOW, projects: [] });
    expect(plan.raw.dropBefore).toBe(NOW - 30 * DAY);
    expect(plan["1h"].dropBefore).toBe(NOW - 395 * DAY);
    expect(plan["1d"].dropBefore).toBeNull();
  });
});

describe("rawHorizon", () => {
  it("accepts raw data back to the start of the UTC day that retention reaches", () => {
    expect(rawHorizon(30, NOW)).toBe(Date.UTC(2026, 4, 16));
    expect(rawHorizon(1, Date.UTC(2026, 0, 1))).toBe(Date.UTC(2025, 11, 31));
  });

  it("keeps TimescaleDB's 1-minute aggregate while raw rows may still arrive late, since hours are rebuilt from it", () => {
    const projects = [{ projectId: "a", settings: settings({ rawDays: 30, rollup1mDays: 7 }) }, { projectId: "b", settings: settings({ rawDays: 14, rollup1mDays: 2 }) }];
    const timescale = planRetention({ now: NOW, projects, timescale: true });
    expect(timescale["1m"].dropBefore).toBe(NOW - 30 * 86_400_000);
    expect(timescale["1m"].projects).toEqual([]);
    const plain = planRetention({ now: NOW, projects });
    expect(plain["1m"].dropBefore).toBe(NOW - 7 * 86_400_000);
  });
});
