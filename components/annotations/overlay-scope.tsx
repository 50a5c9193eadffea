"use client";

import { createContext, useContext, useEffect, useMemo, useRef } from "react";
import { keepPreviousData, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AnomalyView } from "@/lib/anomaly/anomaly-schemas";
import type { ConfigOf } from "@/lib/dashboards/schema";
import type { QueryResult } from "@/lib/query/model";
import type { GraphOverlays } from "@/components/charts/options/graph-overlays";
import { fetchAnnotations, fetchAnomalies, fetchBand } from "./annotation-api";
import { anomalySources, bandRequest, overlayWindow } from "./overlay-requests";

// Graphs draw annotations, anomaly episodes and the expected band where a page says which
// project they belong to (a dashboard); elsewhere (catalog pages, exports) they draw lines only.

const ProjectScope = createContext<string | null>(null);

export function GraphOverlayScope({ projectId, children }: { projectId: string; children: React.ReactNode }) {
  return <ProjectScope.Provider value={projectId}>{children}</ProjectScope.Provider>;
}

/** React Query keys of annotation reads, so that adding or deleting one refreshes every graph. */
export const annotationsKey = (projectId: string) => ["annotations", projectId] as const;

/**
 * The overlays of one graph, fetched for the window its data covers. New data (a live change,
 * an auto-refresh, a new range) refetches them too, so markers never lag behind the lines.
 * A failed overlay read leaves that overlay out; the lines are drawn regardless.
 */
export function useGraphOverlays(config: ConfigOf<"graph">, results: QueryResult[] | undefined): GraphOverlays | undefined {
  const projectId = useContext(ProjectScope);
  const window = overlayWindow(results);
  const on = projectId !== null && window !== null;
  const from = window?.from ?? "";
  const to = window?.to ?? "";
  const common = { enabled: on, placeholderData: keepPreviousData, retry: 1, staleTime: 5_000 };

  const annotations = useQuery({
    ...common,
    queryKey: [...annotationsKey(projectId ?? ""), from, to],
    queryFn: () => fetchAnnotations(projectId!, { from, to }),
  });
  const sources = anomalySources(config);
  const anomalyKey = (s: { source: string; name: string }) => ["anomalies", projectId, s.source, s.name, from, to];
  const anomalies = useQueries({
    queries: sources.map((s) => ({
      ...common,
      queryKey: anomalyKey(s),
      queryFn: () => fetchAnomalies(projectId!, { ...s, from, to }),
    })),
    combine: allEpisodes,
  });
  const band = bandRequest(config, window);
  const hasBand = band !== null;
  const bandKey = ["anomaly-band", projectId, band];
  const bandQuery = useQuery({
    ...common,
    enabled: on && hasBand,
    queryKey: bandKey,
    queryFn: () => fetchBand(projectId!, band!),
  });

  // Refetch on new data for the same window (a live change or an auto-refresh of a fixed range);
  // a new window has new keys and is fetched anyway.
  const client = useQueryClient();
  const keys = JSON.stringify([[...annotationsKey(projectId ?? ""), from, to], ...sources.map(anomalyKey), ...(hasBand ? [bandKey] : [])]);
  const seen = useRef(results);
  useEffect(() => {
    if (seen.current === results) return;
    seen.current = results;
    if (!on) return;
    for (const queryKey of JSON.parse(keys) as unknown[][]) void client.refetchQueries({ queryKey, exact: true }, { cancelRefetch: false });
  }, [results, on, keys, client]);

  return useMemo<GraphOverlays | undefined>(
    () => (on ? { annotations: annotations.data ?? [], anomalies, band: hasBand ? (bandQuery.data?.points ?? null) : null } : undefined),
    [on, annotations.data, anomalies, hasBand, bandQuery.data],
  );
}

// Module-level, so React Query reruns it only when a result changes (a stable array otherwise).
function allEpisodes(results: { data?: AnomalyView[] }[]): AnomalyView[] {
  return results.flatMap((r) => r.data ?? []);
}
