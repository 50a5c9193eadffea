"use client";

import { useEffect, useRef, useState } from "react";
import { echarts, type EChartsInstance } from "./echarts-core";
import { readChartTheme, type ChartTheme } from "./chart-theme";

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

/** The one component that owns ECharts: init on mount, resize with its box, dispose on unmount. */
export function EChart({ option, chartId, label, className }: EChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsInstance | null>(null);

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
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      if (chartId && instances.get(chartId) === instance) instances.delete(chartId);
      if (chartId && window.__fluxChartInstances?.[chartId] === instance) delete window.__fluxChartInstances[chartId];
      instance.dispose();
      chart.current = null;
    };
  }, [chartId]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true, lazyUpdate: true });
    if (chartId) {
      window.__fluxCharts ??= {};
      window.__fluxCharts[chartId] = option;
    }
  }, [option, chartId]);

  return <div ref={ref} className={className ?? "echart"} role="img" aria-label={label} />;
}
