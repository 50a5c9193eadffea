// Test support (Node only): runs an option through real ECharts (server-side SVG rendering),
// finds every formatter in the option tree, calls it the way ECharts would with the params
// ECharts itself builds, and checks what comes back. See build-options.xss.test.ts.
import * as echarts from "echarts/core";
import { BarChart, HeatmapChart, LineChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, ToolboxComponent, TooltipComponent, VisualMapComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
import { MAX_LABEL_LENGTH } from "@/lib/format/escape-html";
import { UNSAFE_DISPLAY_CHARS } from "./hostile-strings";

// The same components as echarts-core.ts (the toolbox carries the graphs' drag-to-zoom; marks draw annotations and anomalies).
echarts.use([LineChart, BarChart, PieChart, HeatmapChart, GridComponent, LegendComponent, ToolboxComponent, TooltipComponent, VisualMapComponent, MarkLineComponent, MarkAreaComponent, SVGRenderer]);

/** An empty server-side chart, for tests that drive option updates themselves. */
export function ssrChart(width = 640, height = 400): ReturnType<typeof echarts.init> {
  return echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
}

type Obj = Record<string, unknown>;
type Params = Obj & { name?: string; seriesName?: string };
/** html: inserted with innerHTML. text: canvas text, or a string ECharts escapes itself. */
export type OutputKind = "html" | "text";
export interface FormatterCall {
  path: string;
  kind: OutputKind;
  run: () => unknown;
}

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

interface SeriesModelLike {
  getDataParams(i: number): Params;
  getData(): { count(): number; getName(i: number): string };
}

/** A chart rendered server-side, with the params ECharts gives formatters for each data item. */
export class SsrChart {
  readonly chart: ReturnType<typeof echarts.init>;
  constructor(readonly option: Obj) {
    this.chart = ssrChart();
    this.chart.setOption(option);
  }
  svg(): string {
    return this.chart.renderToSVGString();
  }
  dispose(): void {
    this.chart.dispose();
  }
  private series(i: number): SeriesModelLike {
    return (this.chart as unknown as { getModel(): { getSeriesByIndex(i: number): SeriesModelLike } }).getModel().getSeriesByIndex(i);
  }
  seriesCount(): number {
    return asArray(this.option.series).length;
  }
  dataCount(seriesIndex: number): number {
    return this.series(seriesIndex).getData().count();
  }
  /** What ECharts passes an item tooltip or label formatter, marker included. */
  itemParams(seriesIndex: number, dataIndex: number): Params {
    const p = this.series(seriesIndex).getDataParams(dataIndex);
    return { ...p, marker: echarts.format.getTooltipMarker(String(p.color ?? "")) };
  }
  /** What an axis-triggered tooltip formatter gets: one entry per series at a data index. */
  axisParams(dataIndex: number): Params[] {
    const axis = [...asArray(this.option.xAxis), ...asArray(this.option.yAxis)].find((a) => isObj(a) && (a.type === "category" || a.type === "time")) as Obj | undefined;
    const out: Params[] = [];
    for (let s = 0; s < this.seriesCount(); s++) {
      if (dataIndex >= this.dataCount(s)) continue;
      const p = this.itemParams(s, dataIndex);
      const axisValue = axis?.type === "category" ? asArray(axis.data)[dataIndex] : Array.isArray(p.value) ? p.value[0] : p.value;
      const axisValueLabel = axis?.type === "time" ? echarts.format.formatTime("yyyy-MM-dd hh:mm:ss", axisValue as number, false) : String(axisValue);
      out.push({ ...p, axisDim: "x", axisType: `xAxis.${axis?.type}`, axisValue, axisValueLabel });
    }
    return out;
  }
  /** Every data item's params, each series in turn (capped per series: a heatmap has hundreds). */
  allItemParams(seriesIndex?: number): Params[] {
    const out: Params[] = [];
    const indices = seriesIndex === undefined ? [...Array(this.seriesCount()).keys()] : [seriesIndex];
    for (const s of indices) for (let i = 0; i < Math.min(this.dataCount(s), 60); i++) out.push(this.itemParams(s, i));
    return out;
  }
}

const NUMBERS = [0, 1, -1.5, 0.004, 999.5, 1234567, -98765.4321, null];

/** Every function or string template under a `formatter` / `valueFormatter` key, with its calls. */
export function formatterCalls(chart: SsrChart): FormatterCall[] {
  const calls: FormatterCall[] = [];
  const option = chart.option;
  const topTooltip = isObj(option.tooltip) ? option.tooltip : {};
  const visit = (node: unknown, path: (string | number)[], parents: unknown[]) => {
    if (Array.isArray(node)) return node.forEach((v, i) => visit(v, [...path, i], [...parents, node]));
    if (!isObj(node)) return;
    for (const [key, value] of Object.entries(node)) {
      const here = [...path, key];
      if (key === "formatter" || key === "valueFormatter") {
        for (const c of callsFor(chart, here, node, parents, topTooltip, value)) calls.push(c);
      } else if (typeof value === "function") {
        throw new Error(`${here.join(".")} is a function the XSS test does not know how ECharts calls: teach echarts-harness.ts`);
      }
      visit(value, here, [...parents, node]);
    }
  };
  visit(option, [], []);
  return calls;
}

function callsFor(chart: SsrChart, path: (string | number)[], owner: Obj, parents: unknown[], topTooltip: Obj, fn: unknown): FormatterCall[] {
  const where = path.join(".");
  const key = path[path.length - 1];
  const make = (kind: OutputKind, args: unknown[][], template: (arg: unknown) => string) =>
    args.map((a) => ({ path: where, kind, run: () => (typeof fn === "function" ? fn(...a) : typeof fn === "string" ? template(a[0]) : fn) }));
  const tooltipAt = path.lastIndexOf("tooltip");
  if (tooltipAt >= 0) {
    // ECharts escapes what valueFormatter returns (tooltipMarkup.js), so it must be plain text.
    const seriesIndex = path[0] === "series" ? (path[1] as number) : undefined;
    if (key === "valueFormatter") {
      const values = chart.allItemParams(seriesIndex).map((p) => (Array.isArray(p.value) ? p.value[p.value.length - 1] : p.value));
      return make("text", [...values, ...NUMBERS].map((v) => [v]), String);
    }
    const trigger = owner.trigger ?? topTooltip.trigger ?? "item";
    const params: unknown[] = trigger === "axis" ? [...Array(Math.max(0, ...[...Array(chart.seriesCount()).keys()].map((s) => chart.dataCount(s)))).keys()].slice(0, 60).map((i) => chart.axisParams(i)) : chart.allItemParams(seriesIndex);
    // A string template is filled by ECharts' formatTpl with encoding on (TooltipView.js).
    return make("html", params.map((p) => [p, "ticket", () => {}]), (p) => fillTemplate(fn as string, p, true));
  }
  if (path[0] === "legend") {
    const names = [...asArray(chart.option.series).map((s) => (isObj(s) ? s.name : undefined)), ...chart.allItemParams().map((p) => p.name)].filter((n) => typeof n === "string");
    return make("text", names.map((n) => [n]), (n) => (fn as string).replace("{name}", String(n)));
  }
  if (path.includes("axisLabel")) {
    const axis = parents[parents.length - 1] as Obj;
    const values = axis.type === "category" ? asArray(axis.data) : axis.type === "time" ? chart.allItemParams().map((p) => (Array.isArray(p.value) ? p.value[0] : p.value)) : NUMBERS.filter((n) => n !== null);
    return make("text", values.map((v, i) => [v, i]), (v) => (fn as string).replace("{value}", String(v)));
  }
  if (path[0] === "series" && path.includes("label")) {
    return make("text", chart.allItemParams(path[1] as number).map((p) => [p]), (p) => fillTemplate(fn as string, p, false));
  }
  if (path[0] === "visualMap") return make("text", NUMBERS.filter((n) => n !== null).map((n) => [n]), (n) => (fn as string).replace("{value}", String(n)));
  throw new Error(`${where}: the XSS test does not know how ECharts calls this formatter: teach echarts-harness.ts`);
}

/** ECharts' own template filler ({a}, {b}, {c}…), as its tooltip and labels use it. */
const fillTemplate = (template: string, params: unknown, encode: boolean) => echarts.format.formatTpl(template, params as Parameters<typeof echarts.format.formatTpl>[1], encode);

const ENTITY = /&(#\d+|#x[0-9a-f]+|[a-z]+\d*);/gi;
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00A0" };
export function decodeEntities(s: string): string {
  return s.replace(ENTITY, (m, e: string) => (e[0] === "#" ? String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (NAMED[e.toLowerCase()] ?? m)));
}

// The markup our tooltips (and ECharts' own marker) use. Anything else is markup from data.
const TOKEN = /<(div|span|strong|br)(\s+style="([^"<>&]*)")?\s*\/?>|<\/(div|span|strong)>|&(amp|lt|gt|quot|#39|nbsp);|[^<&]+/y;

/** Problems in an HTML formatter's output, and its text as a browser would show it. */
export function inspectHtml(out: unknown, dataHasEntities: boolean): { problems: string[]; text: string } {
  if (typeof out !== "string") return { problems: [`returned ${typeof out}, not a string`], text: "" };
  const problems: string[] = [];
  let text = "";
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < out.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(out);
    if (!m) {
      problems.push(`unescaped markup at ${at}: ${JSON.stringify(out.slice(at, at + 60))}`);
      break;
    }
    if (m[3] !== undefined && /url\(|expression|@import|javascript:|\\/i.test(m[3])) problems.push(`style attribute carries ${JSON.stringify(m[3])}`);
    if (m[1] === "br" || m[1] || m[4]) continue;
    text += m[5] ? decodeEntities(m[0]) : m[0];
  }
  problems.push(...inspectText(text, dataHasEntities, Infinity));
  return { problems, text };
}

/** Problems in display text (canvas, or text ECharts escapes): hidden characters, length, double escaping. */
export function inspectText(out: unknown, dataHasEntities: boolean, max = MAX_LABEL_LENGTH): string[] {
  if (typeof out !== "string") return [`returned ${typeof out}, not a string`];
  const problems: string[] = [];
  const bad = UNSAFE_DISPLAY_CHARS.exec(out);
  if (bad) problems.push(`shows U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`);
  const length = Array.from(out).length;
  if (length > max) problems.push(`shows ${length} characters (at most ${max})`);
  // Entities in displayed text mean data was escaped twice (or escaped for canvas, which shows them).
  if (!dataHasEntities && /&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot);/i.test(out)) problems.push(`shows HTML entities: ${JSON.stringify(out.slice(0, 80))}`);
  return problems;
}

/** The text of every `<text>` in rendered SVG: what canvas would draw (legends, axis labels). */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)].map((m) => decodeEntities(m[1].replace(/<[^>]+>/g, "")));
}

/** Keys whose strings ECharts treats as URLs, CSS or rich-text markup rather than text. */
export const DANGEROUS_KEYS = new Set(["rich", "link", "sublink", "extraCssText", "className", "appendTo", "content"]);

/** Paths in the option tree that hold one of DANGEROUS_KEYS, or a tooltip without our formatter. */
export function riskyOptionPaths(option: Obj): string[] {
  const found: string[] = [];
  const visit = (node: unknown, path: (string | number)[]) => {
    if (Array.isArray(node)) return node.forEach((v, i) => visit(v, [...path, i]));
    if (!isObj(node)) return;
    for (const [k, v] of Object.entries(node)) {
      if (DANGEROUS_KEYS.has(k)) found.push([...path, k].join("."));
      // ECharts' default tooltip escapes names but shows them whole and unclean: always format.
      if (k === "tooltip" && isObj(v) && v.show !== false && typeof v.formatter !== "function") found.push(`${[...path, k].join(".")} (no function formatter)`);
      // Toolbox features other than dataZoom show data as HTML (dataView) or draw titles from the option.
      if (k === "feature" && path[path.length - 1] === "toolbox" && isObj(v)) for (const f of Object.keys(v)) if (f !== "dataZoom") found.push(`${[...path, k, f].join(".")}`);
      visit(v, [...path, k]);
    }
  };
  visit(option, []);
  return found;
}
