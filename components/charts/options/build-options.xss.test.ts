import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { QueryResult, Series } from "@/lib/query/model";
import type { ConfigOf, WidgetQuery } from "@/lib/dashboards/schema";
import { LIGHT_THEME } from "../chart-theme";
import { ALL_HOSTILE, HOSTILE_STRINGS, LONG_HOSTILE } from "../testing/hostile-strings";
import { SsrChart, formatterCalls, inspectHtml, inspectText, riskyOptionPaths, svgTexts } from "../testing/echarts-harness";
import { buildGraphOption } from "./build-graph-option";
import type { GraphOverlays } from "./graph-overlays";
import { buildBarOption } from "./build-bar-option";
import { buildPieOption } from "./build-pie-option";
import { buildHeatmapOption } from "./build-heatmap-option";
import { buildNumberView, buildSparklineOption } from "./build-number-view";
import { buildAnomalyOption } from "./build-anomaly-option";

// Every ECharts option builder, fed hostile names, tag values and units: every formatter in
// the option tree is called as ECharts calls it, and the chart is rendered (SVG) so the canvas
// text ECharts draws is checked too. A new export in this folder must be listed below.

const H = 3_600_000;
const START = Date.UTC(2026, 10, 23);
const DARK = { ...LIGHT_THEME, dark: true };
const points = (n: number, scale: number): [number, number | null][] => Array.from({ length: n }, (_, i) => [START + i * H, i % 7 === 3 ? null : (i % 5) * scale]);

function hostileResult(p: string, buckets = false): QueryResult {
  const tagKey = p.slice(0, 100) || "k";
  const series = (key: string, tags: Record<string, string>, total: number, i: number): Series => ({
    key,
    tags,
    points: points(48, total),
    total,
    previous: { points: points(48, total / 2), total: total / 2 },
    ...(buckets ? { bucketLow: i * 100, bucketHigh: (i + 1) * 100 } : {}),
  });
  return {
    from: new Date(START).toISOString(),
    to: new Date(START + 48 * H).toISOString(),
    interval: "1h",
    intervalSeconds: 3600,
    timezone: "UTC",
    tier: "raw",
    unit: p,
    series: buckets
      ? [series(p, { bucket: p }, 5, 0), series(`${p}-2`, {}, 3, 1)]
      : [series(`${tagKey}=${p}`, { [tagKey]: p }, 30, 0), series(`${tagKey}=${p} 2`, { [tagKey]: `${p} 2`, other: p }, 10, 1), series("plan=other", { plan: "other" }, 5, 2)],
  };
}

/** Annotations and anomaly episodes with hostile titles, tags and explanations, over the window of hostileResult. */
function hostileOverlays(p: string): GraphOverlays {
  const at = (h: number) => new Date(START + h * H).toISOString();
  return {
    annotations: [
      { id: "a1", startsAt: at(3), endsAt: null, title: p, tags: [p, `${p}2`] },
      { id: "a2", startsAt: at(10), endsAt: at(14), title: `${p} span`, tags: [] },
      { id: "a3", startsAt: at(10), endsAt: null, title: "<script>alert(1)</script>", tags: ["<b>"] },
    ],
    anomalies: [{ id: "e1", name: p, kind: "spike", severity: "high", startedAt: at(20), endedAt: at(22), explanation: p, bucketSeconds: 3600 }],
    band: Array.from({ length: 48 }, (_, i) => ({ t: at(i), value: i, expected: i, lower: i % 9 === 4 ? null : i - 1, upper: i + 2 })),
  };
}

const query = (p: string, over: Partial<WidgetQuery> = {}): WidgetQuery => ({ source: "event", name: p, aggregation: "sum", property: p, filters: [], groupBy: [p], label: p, ...over });
const common = (p: string) => ({ title: p, unit: p.slice(0, 20) });

/** Each builder with the configurations that change what it draws. */
const BUILDERS: Record<string, (p: string) => Record<string, unknown>[]> = {
  buildGraphOption: (p) => [
    buildGraphOption([hostileResult(p), hostileResult(`${p}+`)], { type: "graph", ...common(p), queries: [query(p), query(p, { label: undefined })], style: "stacked", compare: true } as ConfigOf<"graph">, LIGHT_THEME),
    buildGraphOption([hostileResult(p)], { type: "graph", title: "", queries: [query(p, { label: "" })], style: "line", compare: false } as ConfigOf<"graph">, DARK),
    buildGraphOption([hostileResult(p)], { type: "graph", title: p, queries: [query(p)], style: "area", compare: false, expectedBand: true } as ConfigOf<"graph">, LIGHT_THEME, {}, hostileOverlays(p)),
  ],
  buildBarOption: (p) =>
    (["horizontal", "vertical"] as const).map((orientation) => buildBarOption(hostileResult(p), { type: "bar", ...common(p), query: query(p), orientation } as ConfigOf<"bar">, LIGHT_THEME)),
  buildPieOption: (p) => [true, false].map((donut) => buildPieOption(hostileResult(p), { type: "pie", ...common(p), query: query(p, { label: donut ? p : undefined }), donut } as ConfigOf<"pie">, DARK)),
  buildHeatmapOption: (p) => [
    buildHeatmapOption(hostileResult(p), { type: "heatmap", ...common(p), query: query(p, { aggregation: "count" }), mode: "week_hours" } as ConfigOf<"heatmap">, LIGHT_THEME),
    buildHeatmapOption(hostileResult(p, true), { type: "heatmap", ...common(p), query: query(p, { aggregation: "histogram" }), mode: "distribution" } as ConfigOf<"heatmap">, LIGHT_THEME),
  ],
  buildSparklineOption: (p) => [buildSparklineOption(buildNumberView(hostileResult(p), { type: "number", ...common(p), query: query(p), higherIsBetter: true, thresholds: [] } as ConfigOf<"number">), LIGHT_THEME)],
  // The anomaly page's chart: a hostile series name, unit and annotation titles (an instant and a span).
  buildAnomalyOption: (p) => {
    const points = hostileResult(p).series[0].points;
    const [first, last] = [points[0][0], points[points.length - 1][0]];
    return [
      buildAnomalyOption({
        seriesName: p, unit: p.slice(0, 20), timezone: "UTC", window: { from: first, to: last, intervalSeconds: 3600 }, actual: points,
        band: points.map(([t, v]) => ({ t, expected: v, lower: v === null ? null : v - 1, upper: v === null ? null : v + 1 })),
        episode: { start: points[20][0], end: points[24][0], ongoing: false },
        annotations: [{ id: "a", title: p, start: points[10][0], end: null }, { id: "b", title: `${p} span`, start: points[30][0], end: points[34][0] }],
      }, DARK),
    ];
  },
};

/** Exports that build no ECharts option (React renders their strings as text) or are parts of one. */
const NOT_OPTIONS = new Set([
  "rankedTotals", "foldWeekHours", "distributionCells", "WEEKDAYS", "HOURS", "buildNumberView", "thresholdTone", "buildTableRows", "sortRows",
  "seriesLabel", "axisCommon", "tooltipCommon", "legendCommon", "timeAxisLabel", "canvasLabel", "CANVAS_LABEL_LENGTH", "htmlTooltip", "tooltipMarker", "tooltipRow",
  "valueExtent", "SERIES_IDS", "ANNOTATION_PREFIX",
  "overlaySeries", "overlayTooltipRows", "bandValues", "severityColor", "OVERLAY_PREFIX", "OVERLAY_MARKS_ID", "OVERLAY_BAND_ID", "OVERLAY_BAND_LOWER_ID",
  "rowPalette", "labelledColumns", "catalogKey", "catalogEntry", "queryTitle", "aggregationLabel", "gridBox", "tooltipTime", "rangeLabel", "resolveFill", "fillGaps", "isolatedPoints", "withLonePoints",
]);

/** Everything wrong with one option: risky keys, formatter outputs, drawn text. */
function problemsOf(option: Record<string, unknown>, dataHasEntities: boolean): { problems: string[]; htmlTexts: string[]; calls: number } {
  const problems = riskyOptionPaths(option).map((p) => `${p}: not allowed`);
  const htmlTexts: string[] = [];
  const chart = new SsrChart(option);
  try {
    const calls = formatterCalls(chart);
    for (const call of calls) {
      const out = call.run();
      if (call.kind === "html") {
        const { problems: found, text } = inspectHtml(out, dataHasEntities);
        htmlTexts.push(text);
        problems.push(...found.map((f) => `${call.path}: ${f}`));
      } else {
        problems.push(...inspectText(out, dataHasEntities).map((f) => `${call.path}: ${f}`));
      }
    }
    for (const text of svgTexts(chart.svg())) problems.push(...inspectText(text, dataHasEntities).map((f) => `drawn text: ${f}`));
    return { problems: [...new Set(problems)], htmlTexts, calls: calls.length };
  } finally {
    chart.dispose();
  }
}

describe("option builders against hostile data", () => {
  it("knows every export of components/charts/options: a new builder must be added to this test", async () => {
    const dir = import.meta.dirname;
    const names: string[] = [];
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))) {
      names.push(...Object.keys(await import(path.join(dir, file))));
    }
    expect(names.filter((n) => !(n in BUILDERS) && !NOT_OPTIONS.has(n))).toEqual([]);
    expect(Object.keys(BUILDERS).filter((n) => !names.includes(n))).toEqual([]);
  });

  describe.each(Object.entries(HOSTILE_STRINGS).concat([["long32k", LONG_HOSTILE]]))("with %s as every name, label, tag and unit", (_label, payload) => {
    it.each(Object.keys(BUILDERS))("%s returns no markup from data and draws clean, bounded text", (builder) => {
      for (const option of BUILDERS[builder](payload)) {
        const { problems } = problemsOf(option, payload.includes("&"));
        expect(problems, builder).toEqual([]);
      }
    });
  });

  it("calls every tooltip formatter of the charts that have tooltips", () => {
    for (const builder of ["buildGraphOption", "buildBarOption", "buildPieOption", "buildHeatmapOption", "buildAnomalyOption"]) {
      for (const option of BUILDERS[builder]("x")) expect(problemsOf(option, false).htmlTexts.length, builder).toBeGreaterThan(0);
    }
  });

  it("shows hostile data in tooltips as the text it is, escaped once", () => {
    const img = HOSTILE_STRINGS.imgOnerror;
    const texts = (builder: string, payload: string) => BUILDERS[builder](payload).flatMap((o) => problemsOf(o, false).htmlTexts);
    expect(texts("buildPieOption", img).some((t) => t.includes(img))).toBe(true);
    expect(texts("buildBarOption", img).some((t) => t.includes(img))).toBe(true);
    expect(texts("buildGraphOption", img).some((t) => t.includes(img))).toBe(true);
    // Annotation titles and tags, and anomaly explanations, as text in the graph's tooltip.
    expect(texts("buildGraphOption", img).some((t) => t.includes(`${img} span`))).toBe(true);
    expect(texts("buildGraphOption", img).some((t) => t.includes("<script>alert(1)</script>") && t.includes("<b>"))).toBe(true);
    expect(texts("buildHeatmapOption", img).some((t) => t.includes(img))).toBe(true);
    expect(texts("buildAnomalyOption", img).some((t) => t.includes(img) && t.includes(`Annotation: ${img}`))).toBe(true);
    const pre = HOSTILE_STRINGS.preEscaped;
    expect(texts("buildPieOption", pre).some((t) => t.includes(pre))).toBe(true);
  });

  it("shortens a 32 KB label in tooltips and on the canvas", () => {
    const texts = BUILDERS.buildPieOption(LONG_HOSTILE).flatMap((o) => problemsOf(o, false).htmlTexts);
    expect(texts.every((t) => t.length < 1000)).toBe(true);
    expect(texts.some((t) => t.includes("…"))).toBe(true);
  });
});

describe("the hostile-data check itself", () => {
  const pieOver = (payload: string, over: Record<string, unknown>) => ({ ...buildPieOption(hostileResult(payload), { type: "pie", title: "", query: query("x"), donut: true } as ConfigOf<"pie">, LIGHT_THEME), ...over });
  const pie = (over: Record<string, unknown>) => pieOver(HOSTILE_STRINGS.imgOnerror, over);
  const tooltip = (formatter: unknown) => ({ tooltip: { trigger: "item", formatter } });

  it("catches a tooltip formatter that returns data unescaped, like the old pie", () => {
    const old = (p: { name: string; value: number; percent: number }) => `${p.name}: ${p.value} (${p.percent.toFixed(1)}%)`;
    expect(problemsOf(pie(tooltip(old)), false).problems.join("\n")).toMatch(/unescaped markup/);
  });

  it("catches a string template with data in canvas text and ECharts' escaping of tooltip templates", () => {
    expect(problemsOf(pieOver(LONG_HOSTILE, { legend: { formatter: "{name}" } }), false).problems.join("\n")).toMatch(/legend\.formatter: shows \d+ characters/);
    expect(problemsOf(pie(tooltip("{b}: {c}")), false).problems.join("\n")).not.toMatch(/unescaped markup/);
  });

  it("catches escaping twice, escaping for canvas, and bidi controls", () => {
    const twice = (p: { name: string }) => p.name.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/&/g, "&amp;");
    expect(problemsOf(pie(tooltip(twice)), false).problems.join("\n")).toMatch(/entities/);
    expect(problemsOf(pie({ legend: { formatter: (n: string) => n.replace(/</g, "&lt;") } }), false).problems.join("\n")).toMatch(/legend\.formatter: shows HTML entities/);
    expect(problemsOf(pieOver(HOSTILE_STRINGS.bidi, { legend: {} }), false).problems.join("\n")).toMatch(/drawn text: shows U\+202E/);
  });

  it("flags tooltips left to ECharts' default, rich text, links and unknown function options", () => {
    expect(riskyOptionPaths({ tooltip: { trigger: "axis" }, title: { link: "javascript:x" }, series: [{ label: { rich: {} } }] })).toEqual(["tooltip (no function formatter)", "title.link", "series.0.label.rich"]);
    expect(riskyOptionPaths({ toolbox: { feature: { dataZoom: {}, dataView: {} } } })).toEqual(["toolbox.feature.dataView"]);
    expect(() => formatterCalls(new SsrChart({ series: [{ type: "pie", data: [{ name: "a", value: 1 }], itemStyle: { color: () => "#fff" } }] }))).toThrow(/does not know/);
  });

  it("covers every hostile string, the 32 KB one included", () => {
    expect(ALL_HOSTILE.length).toBe(Object.keys(HOSTILE_STRINGS).length + 1);
    expect(LONG_HOSTILE.length).toBeGreaterThan(32_000);
  });
});
