"use client";

import { useMemo } from "react";
import { catalogKey, type CatalogEntry, type ChartContext } from "@/components/charts/options/chart-context";
import { useCatalog } from "./use-catalog";

/**
 * The catalog as option builders read it (metric types, display names), for a widget's
 * exports: the same entries widget-body.tsx gives the renderer, from the same cached
 * catalog queries, so a CSV names and fills its columns as the widget on screen does.
 */
export function useChartContext(projectId: string): ChartContext {
  const { metrics, events } = useCatalog(projectId);
  // As text, so that the context changes only with the catalog.
  const entries = JSON.stringify([
    ...metrics.map((m) => [catalogKey("metric", m.name), { type: m.type, displayName: m.displayName }]),
    ...(events as { name: string; displayName?: string | null }[]).map((e) => [catalogKey("event", e.name), { type: "event", displayName: e.displayName ?? null }]),
  ]);
  return useMemo<ChartContext>(() => ({ catalog: new Map(JSON.parse(entries) as [string, CatalogEntry][]) }), [entries]);
}
