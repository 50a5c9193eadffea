"use client";

import { useEffect, useRef, useState } from "react";
import { echarts, type EChartsInstance } from "./echarts-core";
import { readChartTheme, type ChartTheme } from "./chart-theme";
import { hasTimeZoom, resetZoom, updateChart, zoomOf } from "./chart-update";

declare global {
  interface Window {
    /** The last option each widget rendered, by widget id: read by the end-to-end tests. */
    __fluxCharts?: Record<string, unknown>;
    /** Live charts by widget id, so the end-to-end tests can find where each item is drawn. */
    __fluxChartInstances?: Record<string, EChartsInstance>;
  }
}

/** Live charts by widget id, so a widget menu can export a PNG of what is on screen. */
const instances = new Map<string, EChartsInstance>();

export function chartImage(widgetId: string, background: string): string | null {
  return instances.get(widgetId)?.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: background }) ?? null;
}

/** The theme now, following the app's toggle (the `flux-theme` window event). */
export function useChartTheme(): ChartTheme {
  const [theme, setTheme] = useState<ChartTheme>(() => readChartTheme());
  useEffect(() => {
    const update = () => setTheme(readChartTheme());
    update();
    window.addEventListener("flux-theme", update);
    return () => window.removeEventListener("flux-theme", update);
  }, []);
  return theme;
}

interface EChartProps {
  option: Record<string, unknown>;
  /** Registers the chart for PNG export and exposes its option on window.__fluxCharts. */
  chartId?: string;
  label: string;
  className?: string;
}

type Option = Record<string, unknown>;
type Box = { top: number; right: number };

// Drag-to-zoom takes the pointer's drag; on a touch screen that drag must scroll the page.
const finePointer = () => window.matchMedia?.("(pointer: fine)").matches ?? true;

/** Where the plot's top right corner is, so "Reset zoom" sits inside it, clear of the legend. */
function plotCorner(chart: EChartsInstance): Box {
  type GridLike = { coordinateSystem?: { getRect(): { x: number; y: number; width: number } } };
  const grid = (chart as unknown as { getModel(): { getComponent(t: string, i: number): GridLike | undefined } }).getModel().getComponent("grid", 0);
  const rect = grid?.coordinateSystem?.getRect();
  return rect ? { top: rect.y + 4, right: Math.max(0, chart.getWidth() - rect.x - rect.width) + 4 } : { top: 4, right: 4 };
}

/**
 * The one component that owns ECharts: init on mount, resize with its box, dispose on unmount.
 * A new option is merged into the chart on screen (chart-update.ts), so live data never
 * rebuilds it: the tooltip under the pointer follows the new data, and legend selection and
 * zoom stay. Graphs zoom by dragging across the plot; "Reset zoom" or a double-click undoes it.
 */
export function EChart({ option, chartId, label, className }: EChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsInstance | null>(null);
  /** The option this instance last drew: what the next one is merged over. */
  const drawn = useRef<Option | null>(null);
  /** Where the pointer is over the chart, if it is. */
  const pointer = useRef<{ x: number; y: number } | null>(null);
  const [zoomCorner, setZoomCorner] = useState<Box | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const instance = echarts.init(el, undefined, { renderer: "canvas" });
    chart.current = instance;
    if (chartId) {
      instances.set(chartId, instance);
      window.__fluxChartInstances ??= {};
      window.__fluxChartInstances[chartId] = instance;
    }
    const zr = instance.getZr();
    zr.on("mousemove", (e) => {
      pointer.current = { x: e.offsetX, y: e.offsetY };
    });
    zr.on("globalout", () => {
      pointer.current = null;
    });
    zr.on("dblclick", (e) => {
      if (instance.containPixel({ gridIndex: 0 }, [e.offsetX, e.offsetY]) && zoomOf(instance)) resetZoom(instance);
    });
    instance.on("datazoom", () => setZoomCorner(zoomOf(instance) ? plotCorner(instance) : null));
    const observer = new ResizeObserver(() => {
      instance.resize();
      setZoomCorner((corner) => (corner ? plotCorner(instance) : null));
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      if (chartId && instances.get(chartId) === instance) instances.delete(chartId);
      if (chartId && window.__fluxChartInstances?.[chartId] === instance) delete window.__fluxChartInstances[chartId];
      instance.dispose();
      chart.current = null;
      drawn.current = null;
      setZoomCorner(null);
    };
  }, [chartId]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    updateChart(instance, option, drawn.current, { dragZoom: finePointer() });
    drawn.current = option;
    if (hasTimeZoom(option)) setZoomCorner(zoomOf(instance) ? plotCorner(instance) : null);
    // ECharts re-shows a kept tooltip with the data indices it last showed, which a sliding range
    // has moved on: ask again for what is under the pointer now (after ECharts' own re-show).
    if (pointer.current) {
      setTimeout(() => {
        const at = pointer.current;
        if (at && !instance.isDisposed()) instance.dispatchAction({ type: "showTip", x: at.x, y: at.y });
      }, 0);
    }
    if (chartId) {
      window.__fluxCharts ??= {};
      window.__fluxCharts[chartId] = option;
    }
  }, [option, chartId]);

  return (
    <div className={className ?? "echart"} style={{ position: "relative" }}>
      <div ref={ref} role="img" aria-label={label} style={{ position: "absolute", inset: 0 }} />
      {zoomCorner && (
        <button
          type="button"
          className="btn small"
          data-testid="chart-reset-zoom"
          style={{ position: "absolute", top: zoomCorner.top, right: zoomCorner.right, zIndex: 2, padding: "2px 8px", fontSize: 12, opacity: 0.92 }}
          onClick={() => chart.current && resetZoom(chart.current)}
        >
          Reset zoom
        </button>
      )}
    </div>
  );
}
