"use client";

import { useMemo } from "react";
import { EChart, useChartTheme } from "@/components/charts/echart";
import { useViewerZone } from "@/components/dashboards/view-url";
import { plainText } from "@/lib/format/escape-html";
import { buildAnomalyOption, type AnomalyChartInput } from "@/components/charts/options/build-anomaly-option";

/** The chart's id on window.__fluxCharts (for the end-to-end tests) and for PNG export. */
export const ANOMALY_CHART_ID = "anomaly-chart";

/** The episode's series with its expected band, the episode marked and the window's annotations. */
export function AnomalyChart({ data }: { data: Omit<AnomalyChartInput, "timezone"> }) {
  const theme = useChartTheme();
  // Times in the viewer's own zone, as on a catalog page.
  const zone = useViewerZone(null) ?? "UTC";
  const option = useMemo(() => buildAnomalyOption({ ...data, timezone: zone }, theme), [data, zone, theme]);
  return <EChart option={option} chartId={ANOMALY_CHART_ID} label={`${plainText(data.seriesName)} with the range Flux expected and the anomaly marked`} className="echart anomaly-chart" />;
}
