import { describe, expect, it } from "vitest";
import { LIGHT_THEME } from "@/components/charts/chart-theme";
import { buildStorageDailyOption } from "./storage-daily-option";
import { describeDays } from "./storage-retention-form";

describe("describeDays", () => {
  it("says days, and months or years where days are hard to read", () => {
    expect(describeDays(1)).toBe("1 day");
    expect(describeDays(30)).toBe("30 days");
    expect(describeDays(395)).toBe("395 days (13 months)");
    expect(describeDays(3650)).toBe("3650 days (10 years)");
    expect(describeDays(null)).toBe("forever");
  });
});

describe("buildStorageDailyOption", () => {
  const days = [
    { day: "2026-11-29", points: 2400, events: 120 },
    { day: "2026-11-30", points: 10, events: 0 },
  ];

  it("draws points and events per day as bars on their own axes", () => {
    const option = buildStorageDailyOption(days, LIGHT_THEME);
    expect(option.xAxis.data).toEqual(["11-29", "11-30"]);
    expect(option.series.map((s) => [s.name, s.yAxisIndex, s.data])).toEqual([
      ["Points", 0, [2400, 10]],
      ["Events", 1, [120, 0]],
    ]);
  });

  it("holds no formatter function: ECharts' own formatting shows only dates and counts Flux made", () => {
    const functions: string[] = [];
    const walk = (v: unknown, path: string) => {
      if (typeof v === "function") functions.push(path);
      else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    };
    walk(buildStorageDailyOption(days, LIGHT_THEME), "option");
    expect(functions).toEqual([]);
  });
});
