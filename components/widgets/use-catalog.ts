"use client";

import { useQuery } from "@tanstack/react-query";

export interface CatalogMetric {
  name: string;
  type: "gauge" | "counter" | "distribution" | "set";
  unit: string | null;
  displayName: string | null;
  description?: string | null;
}
export interface CatalogEvent {
  name: string;
  count: number;
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`Could not load ${url} (HTTP ${res.status})`);
  return res.json() as Promise<T>;
}

/** Metric and event names the project has seen: what the widget editor offers. */
export function useCatalog(projectId: string) {
  const p = `project=${encodeURIComponent(projectId)}`;
  const metrics = useQuery({ queryKey: ["catalog-metrics", projectId], queryFn: () => getJson<{ metrics: CatalogMetric[] }>(`/api/v1/metrics?${p}`), staleTime: 60_000 });
  const events = useQuery({ queryKey: ["catalog-events", projectId], queryFn: () => getJson<{ events: CatalogEvent[] }>(`/api/v1/event-names?${p}`), staleTime: 60_000 });
  return {
    metrics: metrics.data?.metrics ?? [],
    events: events.data?.events ?? [],
    loading: metrics.isLoading || events.isLoading,
    error: (metrics.error ?? events.error)?.message ?? null,
  };
}

/** Tag keys of a metric, or property keys of an event: what filters and group-by offer. */
export function useKeys(projectId: string, source: "metric" | "event", name: string) {
  const p = `project=${encodeURIComponent(projectId)}`;
  const q = useQuery({
    queryKey: ["catalog-keys", projectId, source, name],
    enabled: Boolean(name),
    staleTime: 60_000,
    queryFn: async () => {
      if (source === "metric") {
        const m = await getJson<{ tags?: { key: string; values?: { value: string }[] }[] }>(`/api/v1/metrics/${encodeURIComponent(name)}?${p}`);
        return (m.tags ?? []).map((t) => ({ key: t.key, values: (t.values ?? []).map((v) => v.value) }));
      }
      const e = await getJson<{ properties?: { key: string; samples?: unknown[] }[] }>(`/api/v1/event-names/${encodeURIComponent(name)}?${p}`);
      const builtIn = ["user_id", "environment", "service"].map((key) => ({ key, values: [] as string[] }));
      return [...(e.properties ?? []).map((x) => ({ key: x.key, values: (x.samples ?? []).map(String) })), ...builtIn];
    },
  });
  return q.data ?? [];
}
