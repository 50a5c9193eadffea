import { describe, expect, it } from "vitest";
import { isDue, nextRunAfter, periodOf } from "./due";

const at = (iso: string) => Date.parse(iso);

describe("nextRunAfter", () => {
  it("is the start of the next period, aligned to the epoch whatever the instant in this one", () => {
    expect(nextRunAfter(at("2026-11-30T10:15:00.000Z"), 60)).toBe(at("2026-11-30T10:16:00.000Z"));
    expect(nextRunAfter(at("2026-11-30T10:15:59.999Z"), 60)).toBe(at("2026-11-30T10:16:00.000Z"));
    expect(nextRunAfter(at("2026-11-30T10:15:30.000Z"), 3_600)).toBe(at("2026-11-30T11:00:00.000Z"));
    expect(nextRunAfter(at("2026-11-30T23:59:59.000Z"), 86_400)).toBe(at("2026-12-01T00:00:00.000Z"));
  });

  it("moves on at a boundary: a run at the very start of a period is due again at the next", () => {
    expect(nextRunAfter(at("2026-11-30T10:16:00.000Z"), 60)).toBe(at("2026-11-30T10:17:00.000Z"));
  });

  it("is null for a job off the timer (period 0 or less)", () => {
    expect(nextRunAfter(Date.now(), 0)).toBeNull();
    expect(nextRunAfter(Date.now(), -5)).toBeNull();
  });
});

describe("isDue", () => {
  const now = at("2026-11-30T10:15:30.000Z");

  it("is due when the job never ran", () => {
    expect(isDue({ now, everySeconds: 60, nextRunAt: null })).toBe(true);
  });

  it("is due once its next run has come, not before", () => {
    expect(isDue({ now, everySeconds: 60, nextRunAt: at("2026-11-30T10:15:00.000Z") })).toBe(true);
    expect(isDue({ now, everySeconds: 60, nextRunAt: now })).toBe(true);
    expect(isDue({ now, everySeconds: 60, nextRunAt: at("2026-11-30T10:16:00.000Z") })).toBe(false);
  });

  it("is not due twice in one period: the next run set by a run now is in the future", () => {
    const next = nextRunAfter(now, 60)!;
    expect(isDue({ now, everySeconds: 60, nextRunAt: next })).toBe(false);
    expect(isDue({ now: next - 1, everySeconds: 60, nextRunAt: next })).toBe(false);
    expect(isDue({ now: next, everySeconds: 60, nextRunAt: next })).toBe(true);
  });

  it("is due at once when the period was shortened below what the stored next run implies", () => {
    // Set while the period was an hour; now it is a minute.
    expect(isDue({ now, everySeconds: 60, nextRunAt: at("2026-11-30T11:00:00.000Z") })).toBe(true);
    // A job that was off the timer (stored as never) and is back on.
    expect(isDue({ now, everySeconds: 60, nextRunAt: Number.POSITIVE_INFINITY })).toBe(true);
  });

  it("is never due off the timer", () => {
    expect(isDue({ now, everySeconds: 0, nextRunAt: null })).toBe(false);
    expect(isDue({ now, everySeconds: 0, nextRunAt: at("2020-01-01T00:00:00.000Z") })).toBe(false);
  });
});

describe("periodOf", () => {
  it("puts runs of one period together and runs of the next apart", () => {
    expect(periodOf(at("2026-11-30T10:15:00.000Z"), 60)).toBe(periodOf(at("2026-11-30T10:15:59.999Z"), 60));
    expect(periodOf(at("2026-11-30T10:16:00.000Z"), 60)).not.toBe(periodOf(at("2026-11-30T10:15:59.999Z"), 60));
    expect(periodOf(at("2026-11-30T10:59:00.000Z"), 3_600)).toBe(at("2026-11-30T10:00:00.000Z"));
  });
});
