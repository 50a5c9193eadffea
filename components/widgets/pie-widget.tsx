"use client";

import { useMemo } from "react";
import { EChart } from "@/components/charts/echart";
import { buildPieOption } from "@/components/charts/options/build-pie-option";
import { NoData } from "./widget-message";
import type { WidgetOptionsProps, WidgetRendererProps } from "./types";

export function PieWidget({ widgetId, config, results, theme }: WidgetRendererProps<"pie">) {
  const option = useMemo(() => buildPieOption(results[0], config, theme), [results, config, theme]);
  // Slices are the positive totals; negatives and zeros leave nothing to divide.
  if (option.series[0].data.length === 0) return <NoData name={config.query.name} />;
  return <EChart option={option} chartId={widgetId} label={`Breakdown of ${config.title || config.query.name}`} />;
}

export function PieOptions({ config, onChange }: WidgetOptionsProps<"pie">) {
  return (
    <label className="checkbox">
      <input type="checkbox" checked={config.donut} onChange={(e) => onChange({ ...config, donut: e.target.checked })} />
      Donut
    </label>
  );
}
