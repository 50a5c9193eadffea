import type { ComponentType } from "react";
import type { QueryResult } from "@/lib/query/model";
import type { ConfigOf, WidgetConfig, WidgetQuery, WidgetType } from "@/lib/dashboards/schema";
import type { ChartTheme } from "@/components/charts/chart-theme";
import type { ChartContext } from "@/components/charts/options/chart-context";

export interface WidgetRendererProps<T extends WidgetType = WidgetType> {
  widgetId: string;
  config: ConfigOf<T>;
  /** One result per widget query, in order. */
  results: QueryResult[];
  theme: ChartTheme;
  /** The catalog's metric types and display names, when the widget knows its project. */
  context?: ChartContext;
}

export interface WidgetOptionsProps<T extends WidgetType = WidgetType> {
  config: ConfigOf<T>;
  onChange: (config: ConfigOf<T>) => void;
}

export interface WidgetDefinition<T extends WidgetType = WidgetType> {
  type: T;
  label: string;
  description: string;
  Renderer: ComponentType<WidgetRendererProps<T>>;
  /** The options only this widget type has (style, orientation, thresholds…). */
  Options: ComponentType<WidgetOptionsProps<T>>;
  defaultSize: { w: number; h: number };
  /** A config of this type around a query (used when switching type in the editor). */
  fromQuery: (query: WidgetQuery, title: string) => ConfigOf<T>;
  /** Whether the widget needs a group-by to say anything. */
  wantsGroupBy?: boolean;
  /** Whether it can show several queries. */
  multiQuery?: boolean;
}

export type AnyWidgetDefinition = { [T in WidgetType]: WidgetDefinition<T> }[WidgetType];
export type { WidgetConfig };
