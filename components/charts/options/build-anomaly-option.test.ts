import { describe, expect, it } from "vitest";
import type { Point } from "@/lib/query/model";
import { LIGHT_THEME } from "@/components/charts/chart-theme";
import { HOSTILE_STRINGS, LONG_HOSTILE } from "@/components/charts/testing/hostile-strings";
import { SsrChart, formatterCalls, inspectHtml, inspectText, riskyOptionPaths, svgTexts } from "@/components/charts/testing/echarts-harness";
import { ANNOTATION_PREFIX, SERIES_IDS, buildAnomalyOption, valueExtent, type AnomalyChartInput } from "./build-anomaly-option";

// The anomaly chart must show what the detector expected and where the episode is: the band
// is drawn between its real edges (negative ones too), the span reaches across the whole plot,
// annotations are lines or shaded spans with their titles, and nothing from data becomes markup.

const M = 60_000;
const FROM = Date.UTC(2026, 10, 30, 8, 0);
const N = 120;
const times = Array.from({ length: N }, (_, i) => FROM + i * M);
const SPIKE_AT = 90;

function input(over: Partial<AnomalyChartInput> = {}): AnomalyChartInput {
  return {
    seriesName: "signups",
    unit: null,
    timezone: "UTC",
    window: { from: FROM, to: FROM + N * M, intervalSeconds: 60 },
    actual: times.map((t, i): Point => [t, i >= SPIKE_AT && i < SPIKE_AT + 5 ? 300 : 100 + (i % 3)]),
    band: times.map((t) => ({ t, expected: 100, lower: 90, upper: 110 })),
    episode: { start: times[SPIKE_AT], end: times[SPIKE_AT + 5], ongoing: false },
    annotations: [
      { id: "a1", title: "Product Hunt launch", start: times[SPIKE_AT] - 2 * M, end: null },
      { id: "a2", title: "Maintenance window", start: times[10], end: times[20] },
    ],
    ...over,
  };
}

type Series = { id: string; name: string; data: unknown[]; yAxisIndex?: number; stack?: string; areaStyle?: unknown; label?: { formatter?: (p: unknown) => string } };
const seriesOf = (o: ReturnType<typeof buildAnomalyOption>) => o.series as unknown as Series[];
const byId = (o: ReturnType<typeof buildAnomalyOption>, id: string) => seriesOf(o).find((s) => s.id === id)!;

/** What ECharts computes for a series' stacked top at each data index (the band's upper edge). */
function stackedTops(option: Record<string, unknown>, seriesIndex: number): (number | null)[] {
  const chart = new SsrChart(option);
  try {
    type Data = { count(): number; get(dim: string, i: number): number; getCalculationInfo(k: string): string };
    const data = (chart.chart as unknown as { getModel(): { getSeriesByIndex(i: number): { getData(): Data } } }).getModel().getSeriesByIndex(seriesIndex).getData();
    const dim = data.getCalculationInfo("stackResultDimension");
    return [...Array(data.count()).keys()].map((i) => {
      const v = data.get(dim, i);
      return Number.isFinite(v) ? v : null;
    });
  } finally {
    chart.dispose();
  }
}

const tooltip = (o: ReturnType<typeof buildAnomalyOption>) => o.tooltip.formatter as (items: unknown) => string;
const axisItems = (o: ReturnType<typeof buildAnomalyOption>, i: number) => new SsrChart(o).axisParams(i);

describe("the expected band", () => {
  it("is drawn between the band's lower and upper edges, as ECharts stacks it", () => {
    const option = buildAnomalyOption(input(), LIGHT_THEME);
    const index = seriesOf(option).findIndex((s) => s.id === SERIES_IDS.band);
    expect(stackedTops(option, index).every((v) => v === 110)).toBe(true);
    expect(byId(option, SERIES_IDS.lower).data.every((p) => (p as Point)[1] === 90)).toBe(true);
  });

  it("keeps its edges when the band lies below zero or crosses it", () => {
    const band = times.map((t, i) => ({ t, expected: i % 2 ? -5 : 0, lower: i % 2 ? -20 : -3, upper: i % 2 ? -1 : 4 }));
    const option = buildAnomalyOption(input({ band }), LIGHT_THEME);
    const index = seriesOf(option).findIndex((s) => s.id === SERIES_IDS.band);
    expect(stackedTops(option, index)).toEqual(band.map((b) => b.upper));
  });

  it("leaves a gap where an edge is unknown (a young series), instead of a band from zero", () => {
    const band = times.map((t, i) => ({ t, expected: i < 30 ? null : 100, lower: i < 30 ? null : 90, upper: i < 30 ? null : 110 }));
    const option = buildAnomalyOption(input({ band }), LIGHT_THEME);
    const width = byId(option, SERIES_IDS.band).data as Point[];
    expect(width.slice(0, 30).every(([, v]) => v === null)).toBe(true);
    expect(width.slice(30).every(([, v]) => v === 20)).toBe(true);
    expect((byId(option, SERIES_IDS.lower).data as Point[]).slice(0, 30).every(([, v]) => v === null)).toBe(true);
  });
});

describe("the value axis", () => {
  it("spans the series and the expected values, and cuts a band far wider than both", () => {
    const band = times.map((t, i) => ({ t, expected: 100, lower: i > SPIKE_AT ? -800 : 90, upper: i > SPIKE_AT ? 900 : 110 }));
    const option = buildAnomalyOption(input({ band }), LIGHT_THEME);
    const axis = option.yAxis[0] as { min: number; max: number };
    // The series runs 100..300: the axis holds all of it, and at most half its spread of band beyond.
    expect(axis.min).toBeLessThanOrEqual(100);
    expect(axis.max).toBeGreaterThanOrEqual(302);
    expect(axis.min).toBeGreaterThanOrEqual(0);
    expect(axis.max).toBeLessThanOrEqual(420);
    // Both ends on a tick of the axis' round step.
    const { interval } = option.yAxis[0] as { interval: number };
    expect([1, 2, 3, 5].some((f) => interval / 10 ** Math.floor(Math.log10(interval)) === f)).toBe(true);
    expect(Number.isInteger(axis.min / interval) && Number.isInteger(axis.max / interval)).toBe(true);
  });

  it("keeps a narrow band whole, and leaves the axis to ECharts when there is nothing to draw", () => {
    // Rounded out to steps of 2: the whole band, and no more than a step beyond it.
    expect(valueExtent([100, 101, 102], [95, 107])).toEqual({ min: 94, max: 108, interval: 2 });
    expect(valueExtent([], [1, 2])).toBeNull();
    const flat = valueExtent([0, 0], []);
    expect(flat!.min).toBeLessThanOrEqual(0);
    expect(flat!.max).toBeGreaterThanOrEqual(0);
    expect(flat!.max).toBeGreaterThan(flat!.min);
  });
});

describe("the episode and the annotations", () => {
  it("shades the episode's span across the whole plot height, on its own hidden axis", () => {
    const option = buildAnomalyOption(input(), LIGHT_THEME);
    const span = byId(option, SERIES_IDS.episode);
    expect(span.yAxisIndex).toBe(1);
    expect(span.data).toEqual([[times[SPIKE_AT], 1], [times[SPIKE_AT + 5], 1]]);
    expect(option.yAxis[1]).toMatchObject({ min: 0, max: 1, show: false });
    expect(span.areaStyle).toBeTruthy();
  });

  it("gives a one-bucket episode the width of a bucket", () => {
    const option = buildAnomalyOption(input({ episode: { start: times[50], end: times[50], ongoing: false } }), LIGHT_THEME);
    expect(byId(option, SERIES_IDS.episode).data).toEqual([[times[50], 1], [times[51], 1]]);
  });

  it("draws an instant annotation as a vertical line and a span as a shaded area, each labelled with its title", () => {
    const option = buildAnomalyOption(input(), LIGHT_THEME);
    const line = byId(option, `${ANNOTATION_PREFIX}a1`);
    expect(line.data.map((d) => (d as { value: Point }).value)).toEqual([[times[SPIKE_AT] - 2 * M, 0], [times[SPIKE_AT] - 2 * M, 1]]);
    expect(line.areaStyle).toBeNull();
    const span = byId(option, `${ANNOTATION_PREFIX}a2`);
    expect(span.data.map((d) => (d as { value: Point }).value)).toEqual([[times[10], 1], [times[20], 1]]);
    expect(span.areaStyle).toBeTruthy();
    const chart = new SsrChart(option);
    try {
      const drawn = svgTexts(chart.svg());
      expect(drawn).toContain("Product Hunt launch");
      expect(drawn).toContain("Maintenance window");
    } finally {
      chart.dispose();
    }
  });

  it("says in the tooltip what was expected, the range, that the bucket is in the anomaly and which annotation is there", () => {
    const option = buildAnomalyOption(input(), LIGHT_THEME);
    const inside = tooltip(option)(axisItems(option, SPIKE_AT + 1));
    expect(inside).toContain("signups");
    expect(inside).toContain("<strong>300</strong>");
    expect(inside).toContain("Expected range");
    expect(inside).toContain("90 – 110");
    expect(inside).toContain("In the anomaly");
    expect(inside).toContain("(UTC)");
    const before = tooltip(option)(axisItems(option, SPIKE_AT - 2));
    expect(before).not.toContain("In the anomaly");
    expect(before).toContain("Annotation: Product Hunt launch");
    expect(tooltip(option)(axisItems(option, 15))).toContain("Annotation: Maintenance window");
  });

  it("draws lone values of a sparse series as dots", () => {
    const actual = times.map((t, i): Point => [t, i % 10 === 0 ? 5 : null]);
    const option = buildAnomalyOption(input({ actual }), LIGHT_THEME);
    const data = byId(option, SERIES_IDS.actual).data;
    expect(data.filter((d) => !Array.isArray(d))).toHaveLength(12);
  });
});

describe("hostile names, titles and units", () => {
  const problems = (option: Record<string, unknown>, entities: boolean) => {
    const found = riskyOptionPaths(option);
    const htmlTexts: string[] = [];
    const chart = new SsrChart(option);
    try {
      for (const call of formatterCalls(chart)) {
        const out = call.run();
        if (call.kind === "html") {
          const r = inspectHtml(out, entities);
          htmlTexts.push(r.text);
          found.push(...r.problems.map((p) => `${call.path}: ${p}`));
        } else found.push(...inspectText(out, entities).map((p) => `${call.path}: ${p}`));
      }
      for (const text of svgTexts(chart.svg())) found.push(...inspectText(text, entities).map((p) => `drawn: ${p}`));
    } finally {
      chart.dispose();
    }
    return { found: [...new Set(found)], htmlTexts };
  };
  const hostile = (p: string) =>
    buildAnomalyOption(input({ seriesName: p, unit: p.slice(0, 20), annotations: [{ id: p, title: p, start: times[SPIKE_AT], end: null }, { id: "s", title: `${p} span`, start: times[5], end: times[40] }] }), LIGHT_THEME);

  it.each(Object.entries(HOSTILE_STRINGS).concat([["long32k", LONG_HOSTILE]]))("%s returns no markup from data and draws clean, bounded text", (_label, payload) => {
    expect(problems(hostile(payload), payload.includes("&")).found).toEqual([]);
  });

  it("shows a hostile series name and annotation title in the tooltip as the text they are", () => {
    const img = HOSTILE_STRINGS.imgOnerror;
    const option = hostile(img);
    const texts = problems(option, false).htmlTexts;
    expect(texts.some((t) => t.includes(img))).toBe(true);
    const raw = tooltip(option)(axisItems(option, SPIKE_AT));
    expect(raw).not.toContain("<img");
    expect(raw).toContain("&lt;img");
  });
});
