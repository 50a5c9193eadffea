"use client";

import { useMemo } from "react";
import { EChart } from "@/components/charts/echart";
import { buildBarOption } from "@/components/charts/options/build-bar-option";
import type { WidgetOptionsProps, WidgetRendererProps } from "./types";

export function BarWidget({ widgetId, config, results, theme }: WidgetRendererProps<"bar">) {
  const option = useMemo(() => buildBarOption(results[0], config, theme), [results, config, theme]);
  return <EChart option={option} chartId={widgetId} label={`Bar chart of ${config.title || config.query.name}`} />;
}

export function BarOptions({ config, onChange }: WidgetOptionsProps<"bar">) {
  return (
    <div className="field">
      <label htmlFor="bar-orientation">Bars</label>
      <select id="bar-orientation" value={config.orientation} onChange={(e) => onChange({ ...config, orientation: e.target.value as typeof config.orientation })}>
        <option value="horizontal">Horizontal</option>
        <option value="vertical">Vertical</option>
      </select>
    </div>
  );
}
