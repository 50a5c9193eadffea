import type { QueryRequest } from "@/lib/query/model";
import type { FluxLinks } from "./tool";

/** The explore page's parameter: the query as base64url JSON (client-safe, read back by the page). */
export function encodeExploreQuery(query: QueryRequest): string {
  return Buffer.from(JSON.stringify(query), "utf8").toString("base64url");
}

export function fluxLinks(projectId: string, base: string): FluxLinks {
  const root = `${base.replace(/\/+$/, "")}/projects/${projectId}`;
  return {
    base: base.replace(/\/+$/, ""),
    chart: (query) => `${root}/explore?q=${encodeExploreQuery(query)}`,
    dashboard: (id) => `${root}/dashboards/${id}`,
    anomaly: (id) => `${root}/anomalies/${id}`,
    catalog: (source, name) => `${root}/catalog/${source === "metric" ? "metrics" : "events"}/${encodeURIComponent(name)}`,
  };
}
