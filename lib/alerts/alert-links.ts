import { env } from "@/lib/env";

/** Flux's public address for links in messages (AUTH_URL without Auth.js's own /api/auth path), or null. */
export function publicBaseUrl(): string | null {
  const url = env().AUTH_URL;
  return url ? url.replace(/\/+$/, "").replace(/\/api\/auth$/, "") : null;
}

/** Where a message links: the anomaly's page for anomaly rules, else the project's alert settings (rules, states, history). */
export function alertLink(projectId: string, anomalyId?: string | null): string | null {
  const base = publicBaseUrl();
  if (!base) return null;
  return anomalyId ? `${base}/projects/${projectId}/anomalies/${anomalyId}` : `${base}/projects/${projectId}/settings/alerts`;
}
