"use client";

import { useMemo } from "react";
import { EChart } from "@/components/charts/echart";
import { buildHeatmapOption } from "@/components/charts/options/build-heatmap-option";
import { withHeatmapMode } from "./heatmap-mode";
import { NoData } from "./widget-message";
import type { WidgetOptionsProps, WidgetRendererProps } from "./types";

export function HeatmapWidget({ widgetId, config, results, theme }: WidgetRendererProps<"heatmap">) {
  const option = useMemo(() => buildHeatmapOption(results[0], config, theme), [results, config, theme]);
  if (option.series[0].data.length === 0) return <NoData name={config.query.name} />;
  return <EChart option={option} chartId={widgetId} label={`Heatmap of ${config.title || config.query.name}`} />;
}

export function HeatmapOptions({ config, onChange }: WidgetOptionsProps<"heatmap">) {
  return (
    <div className="field">
      <label htmlFor="heatmap-mode">Pattern</label>
      <select id="heatmap-mode" value={config.mode} onChange={(e) => onChange(withHeatmapMode(config, e.target.value as typeof config.mode))}>
        <option value="week_hours">Hour of day × day of week</option>
        <option value="distribution">Time × value buckets (distributions)</option>
      </select>
    </div>
  );
}
