"use client";

import type { QueryResult } from "@/lib/query/model";
import type { WidgetConfig } from "@/lib/dashboards/schema";
import { useChartTheme } from "@/components/charts/echart";
import { widgetDefinition } from "./registry";
import { isEmptyResult } from "./use-widget-data";
import type { WidgetRendererProps } from "./types";

export function WidgetSkeleton() {
  return (
    <div className="widget-skeleton" aria-busy="true" aria-label="Loading">
      <div className="skeleton" style={{ height: 14, width: "40%" }} />
      <div className="skeleton" style={{ flex: 1 }} />
    </div>
  );
}

export function WidgetMessage({ title, children, tone = "muted", action }: { title: string; children?: React.ReactNode; tone?: "muted" | "bad"; action?: React.ReactNode }) {
  return (
    <div className={`widget-message ${tone}`} role={tone === "bad" ? "alert" : "status"}>
      <strong>{title}</strong>
      {children && <p className="small">{children}</p>}
      {action}
    </div>
  );
}

/** Loading, error, empty, unknown type, or the registered renderer with its data. */
export function WidgetBody({ widgetId, config, results, loading, error, onRetry }: {
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
      <WidgetMessage title="The query failed" tone="bad" action={onRetry && <button type="button" className="btn small" onClick={onRetry}>Retry</button>}>
        {error}. Check the metric name, aggregation and filters in the widget editor, or narrow the time range.
      </WidgetMessage>
    );
  }
  if (!results) return loading ? <WidgetSkeleton /> : <WidgetMessage title="Choose a metric or event to see data" />;
  if (isEmptyResult(results, config.type)) {
    return (
      <WidgetMessage title="No data in this time range">
        Widen the time range, loosen the filters, or send data for <code>{"queries" in config ? config.queries[0].name : config.query.name}</code> (see Getting started on the project home).
      </WidgetMessage>
    );
  }
  const Renderer = def.Renderer as React.ComponentType<WidgetRendererProps>;
  return <Renderer widgetId={widgetId} config={config} results={results} theme={theme} />;
}
