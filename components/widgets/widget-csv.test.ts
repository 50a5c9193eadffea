import { describe, expect, it } from "vitest";
import { resultsToCsv } from "./widget-csv";

describe("resultsToCsv", () => {
  it("writes one row per point and per total, with tags as columns and quoting where needed", () => {
    const csv = resultsToCsv(
      [
        {
          from: "2026-01-01T00:00:00.000Z", to: "2026-01-02T00:00:00.000Z", interval: "1d", intervalSeconds: 86400, timezone: "UTC", tier: "1d", unit: null,
          series: [{ key: "plan=pro, annual", tags: { plan: "pro, annual" }, points: [[Date.UTC(2026, 0, 1), 5], [Date.UTC(2026, 0, 2), null]], total: 5 }],
        },
      ],
      ["Signups"],
    );
    expect(csv.trim().split("\n")).toEqual([
      "query,series,plan,time,value",
      'Signups,"plan=pro, annual","pro, annual",2026-01-01T00:00:00.000Z,5',
      'Signups,"plan=pro, annual","pro, annual",2026-01-02T00:00:00.000Z,',
      'Signups,"plan=pro, annual","pro, annual",total,5',
    ]);
  });
});
