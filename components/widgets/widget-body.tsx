"use client";

import type { QueryResult } from "@/lib/query/model";
import type { WidgetConfig } from "@/lib/dashboards/schema";
import { useChartTheme } from "@/components/charts/echart";
import type { ChartContext } from "@/components/charts/options/chart-context";
import { widgetDefinition } from "./registry";
import { isEmptyResult } from "./use-widget-data";
import { useChartContext } from "./use-chart-context";
import { NoData, WIDGET_STATES, WidgetMessage, WidgetSkeleton } from "./widget-message";
import type { WidgetRendererProps } from "./types";

export { NoData, WIDGET_STATES, WidgetMessage, WidgetSkeleton };

const firstName = (config: WidgetConfig) => ("queries" in config ? config.queries[0].name : config.query.name);

/** Loading, error, empty, unknown type, or the registered renderer with its data. */
export function WidgetBody({ projectId, context, widgetId, config, results, loading, error, onRetry }: {
  /** Lets the widget read the catalog (gauges carry their last value; tables name columns by display name). */
  projectId?: string;
  /** The catalog already known (a shared dashboard gets its names' entries with the page). */
  context?: ChartContext;
  widgetId: string;
  config: WidgetConfig;
  results: QueryResult[] | undefined;
  loading: boolean;
  error: string | null;
  onRetry?: () => void;
}) {
  const theme = useChartTheme();
  const def = widgetDefinition(config.type);
  if (!def) {
    return <WidgetMessage title={`Unknown widget type "${String((config as { type?: unknown }).type)}"`}>This Flux version cannot draw it. Edit the widget to choose a supported type, or delete it.</WidgetMessage>;
  }
  if (error && !results) {
    return (
      <WidgetMessage title={WIDGET_STATES.failed} tone="bad" action={onRetry && <button type="button" className="btn small" onClick={onRetry}>Retry</button>}>
        {error}{context ? "." : ". Check the metric name, aggregation and filters in the widget editor, or narrow the time range."}
      </WidgetMessage>
    );
  }
  if (!results) return loading ? <WidgetSkeleton /> : <WidgetMessage title={WIDGET_STATES.noQuery} />;
  if (isEmptyResult(results, config.type)) return <NoData name={firstName(config)} />;
  const Renderer = def.Renderer as React.ComponentType<WidgetRendererProps>;
  if (context || !projectId) return <Renderer widgetId={widgetId} config={config} results={results} theme={theme} context={context} />;
  return <WithCatalog projectId={projectId} render={(context) => <Renderer widgetId={widgetId} config={config} results={results} theme={theme} context={context} />} />;
}

/** The catalog as builders read it: metric types and display names by source and name. */
function WithCatalog({ projectId, render }: { projectId: string; render: (context: ChartContext) => React.ReactNode }) {
  return render(useChartContext(projectId));
}
