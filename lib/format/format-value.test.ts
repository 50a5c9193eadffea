import { describe, expect, it } from "vitest";
import { axisFormatter, formatChange, formatNumber, formatValue, niceTicks, unitKind } from "./format-value";

describe("formatValue", () => {
  it("shows plain numbers with sensible rounding and compact suffixes", () => {
    expect(formatValue(0)).toBe("0");
    expect(formatValue(3.14159)).toBe("3.14");
    expect(formatValue(42.25)).toBe("42.3");
    expect(formatValue(999.6)).toBe("1000");
    expect(formatValue(1234)).toBe("1,234");
    expect(formatValue(12_345)).toBe("12.3k");
    expect(formatValue(2_500_000)).toBe("2.5M");
    expect(formatValue(-4_200_000_000)).toBe("-4.2B");
    expect(formatValue(0.004)).toBe("0.004");
  });

  it("shows percentages with at most one decimal", () => {
    expect(formatValue(45.678, "percent")).toBe("45.7%");
    expect(formatValue(100, "%")).toBe("100%");
  });

  it("shows currency with cents below a thousand and without above", () => {
    expect(formatValue(12.5, "usd")).toBe("$12.50");
    expect(formatValue(1204.4, "currency")).toBe("$1,204");
    expect(formatValue(99.9, "eur")).toBe("€99.90");
    expect(formatValue(2_340_000, "usd")).toBe("$2.34M");
  });

  it("scales durations from their unit to the readable one", () => {
    expect(formatValue(230, "ms")).toBe("230 ms");
    expect(formatValue(1530, "ms")).toBe("1.53 s");
    expect(formatValue(90, "s")).toBe("1.5 min");
    expect(formatValue(0.25, "ms")).toBe("250 µs");
    expect(formatValue(7200, "seconds")).toBe("2 h");
  });

  it("scales bytes by 1024", () => {
    expect(formatValue(512, "bytes")).toBe("512 B");
    expect(formatValue(1536, "bytes")).toBe("1.5 KB");
    expect(formatValue(1.5 * 1024 ** 3, "bytes")).toBe("1.5 GB");
    expect(formatValue(2048, "kb")).toBe("2 MB");
  });

  it("shows a dash for missing values", () => {
    expect(formatValue(null)).toBe("–");
    expect(formatValue(undefined, "ms")).toBe("–");
    expect(formatValue(Number.NaN)).toBe("–");
  });

  it("treats unknown units as numbers", () => {
    expect(unitKind("requests")).toBe("number");
    expect(formatValue(15_000, "requests")).toBe("15k");
  });
});

describe("formatChange", () => {
  it("signs the change and rounds it", () => {
    expect(formatChange(12.345)).toBe("+12.3%");
    expect(formatChange(-3)).toBe("−3%");
    expect(formatChange(0)).toBe("0%");
    expect(formatChange(null)).toBeNull();
    expect(formatChange(Number.POSITIVE_INFINITY)).toBeNull();
  });
});

describe("formatNumber", () => {
  it("can keep full digits when asked", () => {
    expect(formatNumber(123_456, { compact: false })).toBe("123,456");
  });
});

describe("niceTicks", () => {
  it("steps from zero in round sizes past the data, as ECharts does", () => {
    expect(niceTicks([480, 1200])).toEqual([0, 200, 400, 600, 800, 1000, 1200]);
    expect(niceTicks([-40, 80])).toEqual([-40, -20, 0, 20, 40, 60, 80]);
    expect(niceTicks([0.004, 0.013])).toEqual([0, 0.003, 0.006, 0.009, 0.012, 0.015]);
    expect(niceTicks([])).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});

describe("axisFormatter", () => {
  const labels = (values: number[], unit?: string) => {
    const ticks = niceTicks(values);
    return ticks.map(axisFormatter(ticks, unit));
  };

  it("gives every tick the same decimals: no $0.00 beside $1,000", () => {
    expect(labels([0, 1000], "usd")).toEqual(["$0", "$200", "$400", "$600", "$800", "$1,000"]);
    expect(labels([0, 1.2], "usd")).toEqual(["$0.00", "$0.20", "$0.40", "$0.60", "$0.80", "$1.00", "$1.20"]);
    expect(labels([0, 2.5])).toEqual(["0.0", "0.5", "1.0", "1.5", "2.0", "2.5"]);
  });

  it("uses one suffix and one unit for the whole axis", () => {
    expect(labels([0, 12_000])).toEqual(["0k", "2k", "4k", "6k", "8k", "10k", "12k"]);
    expect(labels([0, 25_000])).toEqual(["0k", "5k", "10k", "15k", "20k", "25k"]);
    expect(labels([100, 90_000], "ms")).toEqual(["0 s", "20 s", "40 s", "60 s", "80 s", "100 s"]);
    expect(labels([0, 1.5 * 1024 ** 2], "bytes").every((l) => / MB$/.test(l) && /\.\d\d /.test(l))).toBe(true);
    expect(labels([0, 80], "percent")).toEqual(["0%", "20%", "40%", "60%", "80%"]);
  });

  it("shows a value the ticks' decimals cannot (a zoomed axis) with more rather than wrongly", () => {
    const format = axisFormatter(niceTicks([0, 1000]));
    expect(format(400)).toBe("400");
    expect(format(0.25)).toBe("0.25");
    expect(format(Number.NaN)).toBe("–");
  });
});
