import type { AnnotationView } from "@/lib/annotations/annotation-schemas";
import type { AnomalyView, BandPoint } from "@/lib/anomaly/anomaly-schemas";
import { formatValue } from "@/lib/format/format-value";
import { html, type SafeHtml } from "@/lib/format/escape-html";
import type { ChartTheme } from "../chart-theme";
import { canvasLabel } from "./common";

// What a graph draws over its lines: annotations (instants as vertical lines, spans as shaded
// areas), anomaly episodes of the series it reads (shaded in their severity's colour) and the
// expected band (a shaded area behind the lines). Titles and explanations reach the canvas only
// through canvasLabel and the tooltip only through `html`: nothing from data becomes markup.

export type AnnotationOverlay = Pick<AnnotationView, "id" | "startsAt" | "endsAt" | "title" | "tags">;
export type AnomalyOverlay = Pick<AnomalyView, "id" | "name" | "kind" | "severity" | "startedAt" | "endedAt" | "explanation" | "bucketSeconds">;

export interface GraphOverlays {
  annotations: readonly AnnotationOverlay[];
  anomalies: readonly AnomalyOverlay[];
  /** The expected band of the graph's first query, when the widget asks for it. */
  band: readonly BandPoint[] | null;
}

/** Series ids of overlays start with this: the tooltip and the legend leave them out. */
export const OVERLAY_PREFIX = "overlay:";
export const OVERLAY_MARKS_ID = `${OVERLAY_PREFIX}marks`;
export const OVERLAY_BAND_LOWER_ID = `${OVERLAY_PREFIX}band-lower`;
export const OVERLAY_BAND_ID = `${OVERLAY_PREFIX}band`;

const SEVERITY_COLORS: Record<AnomalyOverlay["severity"], string> = { low: "#eab308", medium: "#f97316", high: "#ef4444", critical: "#a21caf" };
export const severityColor = (severity: string): string => SEVERITY_COLORS[severity as AnomalyOverlay["severity"]] ?? SEVERITY_COLORS.medium;

const KIND_LABELS: Record<string, string> = { spike: "Spike", drop: "Drop", level_shift: "Level shift", silence: "Silence" };

interface Span {
  min: number;
  max: number;
  step: number;
}

const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : NaN);

/** An annotation's [start, end] in ms (an instant: start = end), or null when unreadable. */
function annotationTimes(a: AnnotationOverlay): [number, number] | null {
  const start = ms(a.startsAt);
  const end = a.endsAt === null ? start : ms(a.endsAt);
  return Number.isFinite(start) && Number.isFinite(end) ? [start, Math.max(start, end)] : null;
}

/** An episode's [start, end]: an open one runs to now; a one-bucket episode still shows a bucket wide. */
function episodeTimes(e: AnomalyOverlay, now: number): [number, number] | null {
  const start = ms(e.startedAt);
  const end = e.endedAt === null ? now : ms(e.endedAt);
  if (!Number.isFinite(start) || !Number.isFinite(end)) return null;
  return [start, Math.max(end, start + Math.max(1, e.bucketSeconds) * 1000)];
}

const overlaps = ([a, b]: [number, number], span: Span) => b >= span.min && a <= span.max;
const clamp = (t: number, span: Span) => Math.min(span.max, Math.max(span.min, t));

/**
 * The overlay series: one carrier of the marks (no data of its own) when there is something to
 * mark and, with a band, two stacked lines (the lower bound, then the band's height, shaded).
 * Every key of a series is always set, so a merged update clears what the next option no longer has.
 */
export function overlaySeries(overlays: GraphOverlays, span: Span | null, theme: ChartTheme, now: number): Record<string, unknown>[] {
  const inSpan = <T>(items: readonly T[], times: (item: T) => [number, number] | null) =>
    items.flatMap((item) => {
      const t = times(item);
      return t && (!span || overlaps(t, span)) ? [{ item, t: span ? ([clamp(t[0], span), clamp(t[1], span)] as [number, number]) : t }] : [];
    });
  const annotations = inSpan(overlays.annotations, annotationTimes);
  const episodes = inSpan(overlays.anomalies, (e) => episodeTimes(e, now));
  const annotationColor = theme.dark ? "#cbd5e1" : "#475569";
  const marks = {
    id: OVERLAY_MARKS_ID,
    name: "Annotations and anomalies",
    type: "line",
    data: [],
    z: 3,
    markLine: {
      symbol: ["none", "none"],
      animation: false,
      silent: false,
      lineStyle: { color: annotationColor, type: "dashed", width: 1.5 },
      label: { show: false, position: "insideEndTop", formatter: "{b}", color: theme.text },
      emphasis: { label: { show: true }, lineStyle: { width: 2.5 } },
      data: annotations
        .filter(({ item }) => item.endsAt === null)
        .map(({ item, t }) => ({ xAxis: t[0], name: canvasLabel(item.title) })),
    },
    markArea: {
      silent: true,
      animation: false,
      label: { show: false },
      data: [
        ...episodes.map(({ item, t }) => [
          { xAxis: t[0], name: `${KIND_LABELS[item.kind] ?? "Anomaly"} (${item.severity})`, itemStyle: { color: severityColor(item.severity), opacity: 0.16 } },
          { xAxis: t[1] },
        ]),
        ...annotations
          .filter(({ item }) => item.endsAt !== null)
          .map(({ item, t }) => [{ xAxis: t[0], name: canvasLabel(item.title), itemStyle: { color: annotationColor, opacity: 0.1 } }, { xAxis: t[1] }]),
      ],
    },
  };
  // Nothing to mark, no carrier: a graph's series are its lines (and what exports and tests read).
  // A merged update (series replaced by id) removes a carrier the next option leaves out.
  const carrier = annotations.length > 0 || episodes.length > 0 ? [marks] : [];
  if (!overlays.band) return carrier;
  const band = overlays.band.flatMap((p) => {
    const t = ms(p.t);
    return Number.isFinite(t) && (!span || (t >= span.min && t <= span.max)) ? [{ t, lower: p.lower, upper: p.upper }] : [];
  });
  const both = (p: (typeof band)[number]) => p.lower !== null && p.upper !== null && Number.isFinite(p.lower) && Number.isFinite(p.upper);
  const bandLine = {
    type: "line",
    stack: OVERLAY_BAND_ID,
    symbol: "none",
    showSymbol: false,
    silent: true,
    z: 0,
    lineStyle: { width: 0, opacity: 0 },
    emphasis: { disabled: true },
  };
  return [
    ...carrier,
    { ...bandLine, id: OVERLAY_BAND_LOWER_ID, name: "Expected (lower bound)", areaStyle: null, data: band.map((p) => [p.t, both(p) ? p.lower : null]) },
    {
      ...bandLine,
      id: OVERLAY_BAND_ID,
      name: "Expected band",
      areaStyle: { color: theme.palette[0], opacity: theme.dark ? 0.18 : 0.12 },
      data: band.map((p) => [p.t, both(p) ? (p.upper as number) - (p.lower as number) : null]),
    },
  ];
}

/** The band's bounds, for the value axis (its ticks must cover the band too). */
export function bandValues(overlays: GraphOverlays | undefined): number[] {
  return (overlays?.band ?? []).flatMap((p) => [p.lower, p.upper].filter((v): v is number => v !== null && Number.isFinite(v)));
}

/**
 * Tooltip lines for the bucket the pointer is on (axis value t, bucket `step` ms): the
 * annotations and episodes nearest it (within half a bucket, or spanning it) and the band.
 */
export function overlayTooltipRows(overlays: GraphOverlays | undefined, t: number, step: number, unit: string | null, now: number): SafeHtml[] {
  if (!overlays) return [];
  const half = Math.max(step, 1) / 2;
  const near = (times: [number, number] | null) => times !== null && times[0] - half <= t && times[1] + half > t;
  const rows: SafeHtml[] = [];
  const bandPoint = nearestBand(overlays.band, t, half);
  if (bandPoint) rows.push(html`<div style="opacity:0.8">Expected ${formatValue(bandPoint.lower as number, unit)} – ${formatValue(bandPoint.upper as number, unit)}</div>`);
  for (const e of overlays.anomalies) {
    if (!near(episodeTimes(e, now))) continue;
    rows.push(
      html`<div style="margin-top:4px"><span style="display:inline-block;width:10px;height:10px;margin-right:6px;background-color:${severityColor(e.severity)}"></span><strong>${KIND_LABELS[e.kind] ?? "Anomaly"} (${e.severity})</strong> ${e.explanation}</div>`,
    );
  }
  for (const a of overlays.annotations) {
    if (!near(annotationTimes(a))) continue;
    const tags = a.tags.length > 0 ? html` <span style="opacity:0.7">${a.tags.join(", ")}</span>` : html``;
    rows.push(html`<div style="margin-top:4px">▏<strong>${a.title}</strong>${tags}</div>`);
  }
  return rows;
}

function nearestBand(band: readonly BandPoint[] | null, t: number, graphHalf: number): BandPoint | null {
  // The band may come in coarser buckets than the graph's: half of either counts as near.
  const half = Math.max(graphHalf, band && band.length > 1 ? Math.abs(ms(band[1].t) - ms(band[0].t)) / 2 : 0);
  let best: BandPoint | null = null;
  let distance = Infinity;
  for (const p of band ?? []) {
    const d = Math.abs(ms(p.t) - t);
    if (d <= half && d < distance && p.lower !== null && p.upper !== null) [best, distance] = [p, d];
  }
  return best;
}
