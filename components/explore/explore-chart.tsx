"use client";

import type { WidgetConfig } from "@/lib/dashboards/schema";
import type { QueryResult } from "@/lib/query/model";
import { WidgetBody } from "@/components/widgets/widget-body";

/** The chart's id on window.__fluxCharts (end-to-end tests) and for PNG export. */
export const EXPLORE_CHART_ID = "explore-chart";

/** The answer the server computed, drawn by the dashboard's own widget renderer. */
export function ExploreChart({ projectId, config, results }: { projectId: string; config: WidgetConfig; results: QueryResult[] }) {
  return (
    // The renderers fill a flex column of a fixed height, as a dashboard cell gives them.
    <div className="card" data-testid="explore-chart" data-widget-type={config.type} style={{ height: config.type === "number" ? 220 : 420, display: "flex", flexDirection: "column", minWidth: 0, overflow: "hidden" }}>
      <WidgetBody projectId={projectId} widgetId={EXPLORE_CHART_ID} config={config} results={results} loading={false} error={null} />
    </div>
  );
}
