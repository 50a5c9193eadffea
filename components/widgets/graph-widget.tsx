"use client";

import { useMemo } from "react";
import { EChart } from "@/components/charts/echart";
import { buildGraphOption } from "@/components/charts/options/build-graph-option";
import type { WidgetOptionsProps, WidgetRendererProps } from "./types";

export function GraphWidget({ widgetId, config, results, theme }: WidgetRendererProps<"graph">) {
  const option = useMemo(() => buildGraphOption(results, config, theme), [results, config, theme]);
  return <EChart option={option} chartId={widgetId} label={`Graph of ${config.title || config.queries.map((q) => q.name).join(", ")}`} />;
}

export function GraphOptions({ config, onChange }: WidgetOptionsProps<"graph">) {
  return (
    <div className="row wrap">
      <div className="field">
        <label htmlFor="graph-style">Style</label>
        <select id="graph-style" value={config.style} onChange={(e) => onChange({ ...config, style: e.target.value as typeof config.style })}>
          <option value="line">Line</option>
          <option value="area">Area</option>
          <option value="stacked">Stacked area</option>
        </select>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={config.compare} onChange={(e) => onChange({ ...config, compare: e.target.checked })} />
        Overlay the previous period
      </label>
    </div>
  );
}
