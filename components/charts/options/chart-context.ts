import type { WidgetQuery } from "@/lib/dashboards/schema";

/** What the catalog says of a metric or event, as widgets use it (components/widgets/use-catalog.ts). */
export interface CatalogEntry {
  type?: string | null;
  displayName?: string | null;
}

/** What a builder knows beyond the query result: the catalog, and the clock (for fills up to now). */
export interface ChartContext {
  /** By source and name: "metric:cpu.load", "event:order.completed". */
  catalog?: ReadonlyMap<string, CatalogEntry>;
  now?: number;
}

export const catalogKey = (source: string, name: string) => `${source}:${name}`;

export function catalogEntry(context: ChartContext | undefined, query: Pick<WidgetQuery, "source" | "name"> | undefined): CatalogEntry | undefined {
  return query ? context?.catalog?.get(catalogKey(query.source, query.name)) : undefined;
}

/** How a column or line names a query: its label, else the display name, else the name. */
export function queryTitle(query: Pick<WidgetQuery, "source" | "name" | "label"> | undefined, context?: ChartContext): string {
  if (!query) return "";
  return query.label || catalogEntry(context, query)?.displayName || query.name;
}

/** "sum", "p95", "unique users", "per second". */
export const aggregationLabel = (aggregation: string) => aggregation.replace(/_/g, " ");
