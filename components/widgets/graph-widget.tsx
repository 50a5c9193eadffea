"use client";

import { useMemo } from "react";
import { EChart } from "@/components/charts/echart";
import { buildGraphOption } from "@/components/charts/options/build-graph-option";
import { useGraphOverlays } from "@/components/annotations/overlay-scope";
import { bandUnavailableReason } from "@/components/annotations/overlay-requests";
import type { WidgetOptionsProps, WidgetRendererProps } from "./types";

export function GraphWidget({ widgetId, config, results, theme, context }: WidgetRendererProps<"graph">) {
  // On a dashboard: annotations, anomaly episodes and (when asked) the expected band.
  const overlays = useGraphOverlays(config, results);
  const option = useMemo(() => buildGraphOption(results, config, theme, context, overlays), [results, config, theme, context, overlays]);
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
      <div className="field">
        <label htmlFor="graph-fill">Empty buckets</label>
        <select id="graph-fill" value={config.fill ?? "auto"} onChange={(e) => onChange({ ...config, fill: e.target.value as NonNullable<typeof config.fill> })}>
          <option value="auto">Automatic (gauges keep their last value)</option>
          <option value="last">Carry the last value</option>
          <option value="zero">Draw zero</option>
          <option value="none">Leave gaps</option>
        </select>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={config.compare} onChange={(e) => onChange({ ...config, compare: e.target.checked })} />
        Overlay the previous period
      </label>
      <label className="checkbox" title="The range the anomaly detector expects the first query's series in, shaded behind the lines">
        <input type="checkbox" data-testid="graph-expected-band" checked={config.expectedBand ?? false} onChange={(e) => onChange({ ...config, expectedBand: e.target.checked })} />
        Show the expected band
      </label>
      {config.expectedBand && bandUnavailableReason(config) && <p className="small muted">{bandUnavailableReason(config)}</p>}
    </div>
  );
}
