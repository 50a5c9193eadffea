import { afterEach, describe, expect, it } from "vitest";
import type { QueryResult } from "@/lib/query/model";
import type { ConfigOf } from "@/lib/dashboards/schema";
import { LIGHT_THEME } from "../chart-theme";
import { SsrChart, formatterCalls, ssrChart } from "../testing/echarts-harness";
import { updateChart } from "../chart-update";
import { buildGraphOption } from "./build-graph-option";
import { OVERLAY_BAND_ID, OVERLAY_BAND_LOWER_ID, OVERLAY_MARKS_ID, severityColor, type GraphOverlays } from "./graph-overlays";

const M = 60_000;
const H = 60 * M;
const START = Date.UTC(2026, 10, 23, 0);
const END = START + 24 * H;
const at = (ms: number) => new Date(ms).toISOString();

function result(hosts = ["a"]): QueryResult {
  return {
    from: at(START),
    to: at(END),
    interval: "1h",
    intervalSeconds: 3600,
    timezone: "UTC",
    tier: "raw",
    unit: "ms",
    series: hosts.map((host, h) => ({ key: `host=${host}`, tags: { host }, total: 1, points: Array.from({ length: 24 }, (_, i) => [START + i * H, 10 + i + h] as [number, number]) })),
  };
}
const config = (over: Partial<ConfigOf<"graph">> = {}): ConfigOf<"graph"> => ({
  type: "graph",
  title: "Latency",
  queries: [{ source: "metric", name: "api.latency", aggregation: "avg", filters: [], groupBy: [] }],
  style: "line",
  compare: false,
  ...over,
});

const overlays = (over: Partial<GraphOverlays> = {}): GraphOverlays => ({
  annotations: [
    { id: "deploy", startsAt: at(START + 5 * H + 10 * M), endsAt: null, title: "Deploy v2\u202e\n", tags: ["deploy"] },
    { id: "migration", startsAt: at(START + 10 * H), endsAt: at(START + 12 * H), title: "Migration", tags: [] },
    { id: "old", startsAt: at(START - 5 * H), endsAt: null, title: "Before the window", tags: [] },
    { id: "long", startsAt: at(START - 5 * H), endsAt: at(START + H), title: "Maintenance", tags: [] },
  ],
  anomalies: [
    { id: "e1", name: "api.latency", kind: "spike", severity: "critical", startedAt: at(START + 15 * H), endedAt: at(START + 17 * H), explanation: "api.latency 3.1x the usual Monday 15:00 level", bucketSeconds: 3600 },
    { id: "e2", name: "api.latency", kind: "drop", severity: "low", startedAt: at(START + 20 * H), endedAt: null, explanation: "still low", bucketSeconds: 3600 },
  ],
  band: Array.from({ length: 24 }, (_, i) => ({ t: at(START + i * H), value: 10 + i, expected: 10 + i, lower: i === 3 ? null : 5 + i, upper: 40 + i })),
  ...over,
});

type Obj = Record<string, unknown>;
const series = (option: Obj) => option.series as Obj[];
const byId = (option: Obj, id: string) => series(option).find((s) => s.id === id) as Obj;

const charts: { dispose(): void }[] = [];
afterEach(() => charts.splice(0).forEach((c) => c.dispose()));

describe("graph overlays", () => {
  it("draws instants as vertical lines and spans as shaded areas, clamped to the window, with clean canvas labels", () => {
    const option = buildGraphOption([result()], config(), LIGHT_THEME, { now: END }, overlays());
    const marks = byId(option, OVERLAY_MARKS_ID) as { markLine: { data: Obj[] }; markArea: { data: Obj[][] } };
    expect(marks.markLine.data).toEqual([{ xAxis: START + 5 * H + 10 * M, name: "Deploy v2 " }]);
    const areas = marks.markArea.data.map(([a, b]) => [a.xAxis, b.xAxis, a.name]);
    expect(areas).toEqual([
      [START + 15 * H, START + 17 * H, "Spike (critical)"],
      // An open episode runs to now.
      [START + 20 * H, END, "Drop (low)"],
      [START + 10 * H, START + 12 * H, "Migration"],
      // A span begun before the window starts at its edge.
      [START, START + H, "Maintenance"],
    ]);
    expect((marks.markArea.data[0][0] as { itemStyle: { color: string } }).itemStyle.color).toBe(severityColor("critical"));
    expect(severityColor("critical")).not.toBe(severityColor("low"));
  });

  it("shades the expected band as a stacked area behind the lines, leaving buckets without bounds empty", () => {
    const option = buildGraphOption([result()], config({ expectedBand: true }), LIGHT_THEME, { now: END }, overlays());
    const lower = byId(option, OVERLAY_BAND_LOWER_ID) as { data: [number, number | null][]; stack: string; z: number };
    const band = byId(option, OVERLAY_BAND_ID) as { data: [number, number | null][]; stack: string; areaStyle: Obj };
    expect(lower.stack).toBe(band.stack);
    expect(lower.data[0]).toEqual([START, 5]);
    expect(band.data[0]).toEqual([START, 35]);
    expect(lower.data[3]).toEqual([START + 3 * H, null]);
    expect(band.data[3]).toEqual([START + 3 * H, null]);
    expect(band.areaStyle).toBeTruthy();
    expect(lower.z).toBeLessThan((series(option)[0].z as number | undefined) ?? 2);
    // The value axis counts the band: its ticks cover the upper bound.
    const chart = new SsrChart(option);
    charts.push(chart);
    const yExtent = (chart.chart as unknown as { getModel(): { getComponent(t: string, i: number): { axis: { scale: { getExtent(): number[] } } } } }).getModel().getComponent("yAxis", 0).axis.scale.getExtent();
    expect(yExtent[1]).toBeGreaterThanOrEqual(63);
  });

  it("keeps overlays out of the legend and the line rows of the tooltip, and names them under the bucket they fall in", () => {
    const option = buildGraphOption([result(["a", "b"])], config({ expectedBand: true }), LIGHT_THEME, { now: END }, overlays());
    expect((option.legend as { data: string[] }).data).toEqual(["a", "b"]);
    const chart = new SsrChart(option);
    charts.push(chart);
    const tooltip = formatterCalls(chart).find((c) => c.path === "tooltip.formatter")!;
    expect(tooltip).toBeDefined();
    const fmt = (option.tooltip as { formatter: (items: unknown[]) => string }).formatter;
    const items = (i: number) => chart.axisParams(i);
    const text = (i: number) => fmt(items(i)).replace(/<[^>]+>/g, " ");
    // 05:10 is nearest the 05:00 bucket: the deploy shows there, not at 04:00 or 06:00.
    expect(text(5)).toContain("Deploy v2");
    expect(text(4)).not.toContain("Deploy v2");
    expect(text(6)).not.toContain("Deploy v2");
    expect(text(11)).toContain("Migration");
    expect(text(16)).toContain("Spike (critical)");
    expect(text(16)).toContain("3.1x the usual Monday 15:00 level");
    expect(text(2)).toMatch(/Expected 7(\.0)? ms – 42(\.0)? ms/);
    // The band's series are not listed as lines.
    expect(text(2)).not.toContain("Expected band");
    expect(text(2)).not.toContain("lower bound");
  });

  it("leaves a graph with nothing to overlay as it was: no overlay series, no legend data beyond the lines", () => {
    const plain = buildGraphOption([result()], config(), LIGHT_THEME, { now: END });
    expect(series(plain).map((s) => s.id)).toEqual(["0:host=a"]);
    const empty = buildGraphOption([result()], config(), LIGHT_THEME, { now: END }, { annotations: [], anomalies: [], band: null });
    expect(series(empty).map((s) => s.id)).toEqual(["0:host=a"]);
    const marked = buildGraphOption([result()], config(), LIGHT_THEME, { now: END }, overlays({ anomalies: [], band: null }));
    expect(series(marked).map((s) => s.id)).toEqual(["0:host=a", OVERLAY_MARKS_ID]);
  });

  it("updates in place exactly as a fresh chart draws: overlays added, changed and removed", () => {
    const steps = [
      buildGraphOption([result()], config(), LIGHT_THEME, { now: END }),
      buildGraphOption([result()], config({ expectedBand: true }), LIGHT_THEME, { now: END }, overlays()),
      buildGraphOption([result()], config(), LIGHT_THEME, { now: END }, overlays({ annotations: overlays().annotations.slice(1, 2), anomalies: [], band: null })),
      buildGraphOption([result()], config(), LIGHT_THEME, { now: END }, { annotations: [], anomalies: [], band: null }),
      buildGraphOption([result()], config(), LIGHT_THEME, { now: END }),
    ];
    const drawing = (chart: ReturnType<typeof ssrChart>) => chart.renderToSVGString().replace(/zr\d+-(cls-|c)\d+/g, "x");
    const live = ssrChart();
    charts.push(live);
    let prev: Obj | null = null;
    const drawn: string[] = [];
    for (const [i, option] of steps.entries()) {
      updateChart(live, option, prev, { dragZoom: true });
      const fresh = ssrChart();
      charts.push(fresh);
      updateChart(fresh, option, null, { dragZoom: true });
      expect(drawing(live), `step ${i}`).toBe(drawing(fresh));
      drawn.push(drawing(fresh));
      prev = option;
    }
    // The overlays are really drawn: each change shows, and removing them all gives the plain graph back.
    expect(drawn[1]).not.toBe(drawn[0]);
    expect(drawn[2]).not.toBe(drawn[1]);
    expect(drawn[3]).not.toBe(drawn[2]);
    expect(drawn[4]).toBe(drawn[0]);
  });
});
