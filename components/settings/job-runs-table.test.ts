import { describe, expect, it } from "vitest";
import { formatCounts, formatDuration, formatPeriod } from "./job-runs-table";

describe("the job-runs page's formats", () => {
  it("names periods in the largest whole unit", () => {
    expect(formatPeriod(60)).toBe("every minute");
    expect(formatPeriod(3_600)).toBe("every hour");
    expect(formatPeriod(86_400)).toBe("every day");
    expect(formatPeriod(120)).toBe("every 2 min");
    expect(formatPeriod(7_200)).toBe("every 2 h");
    expect(formatPeriod(5)).toBe("every 5 s");
    expect(formatPeriod(90)).toBe("every 90 s");
    expect(formatPeriod(0)).toBe("on cron calls only");
  });

  it("gives durations in ms, seconds, then minutes", () => {
    expect(formatDuration(0)).toBe("0 ms");
    expect(formatDuration(999)).toBe("999 ms");
    expect(formatDuration(1_250)).toBe("1.3 s");
    expect(formatDuration(125_000)).toBe("2 min 5 s");
  });

  it("lists counts, booleans as yes/no, and a dash for none", () => {
    expect(formatCounts({ deleted: 12, batches: 1, more: false })).toBe("deleted 12 · batches 1 · more no");
    expect(formatCounts({ status: "refreshed" })).toBe("status refreshed");
    expect(formatCounts({})).toBe("–");
  });
});
