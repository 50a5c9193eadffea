"use client";

import type { AnnotationView } from "@/lib/annotations/annotation-schemas";
import type { AnomalyView, ExpectedBand } from "@/lib/anomaly/anomaly-schemas";
import { projectApi as call } from "@/components/api/project-api";

// The browser's calls for annotations and graph overlays: same-origin JSON to the public API,
// with the session cookie and ?project= (components/api/project-api.ts).

const qs = (params: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined)).toString();

export async function fetchAnnotations(projectId: string, window: { from: string; to: string }): Promise<AnnotationView[]> {
  return (await call<{ annotations: AnnotationView[] }>(projectId, `/api/v1/annotations?${qs(window)}`)).annotations;
}

export function postAnnotation(projectId: string, body: Record<string, unknown>): Promise<AnnotationView> {
  return call(projectId, "/api/v1/annotations", { method: "POST", body: JSON.stringify(body) });
}

export function removeAnnotation(projectId: string, id: string): Promise<void> {
  return call(projectId, `/api/v1/annotations/${encodeURIComponent(id)}`, { method: "DELETE" });
}

export async function fetchAnomalies(projectId: string, input: { from: string; to: string; source: string; name: string }): Promise<AnomalyView[]> {
  return (await call<{ anomalies: AnomalyView[] }>(projectId, `/api/v1/anomalies?${qs({ ...input, status: "all", limit: "200" })}`)).anomalies;
}

export function fetchBand(projectId: string, input: { source: string; name: string; aggregation: string; tags?: string; from: string; to: string; interval?: string }): Promise<ExpectedBand> {
  return call(projectId, `/api/v1/anomalies/band?${qs(input)}`);
}
