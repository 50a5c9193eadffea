"use client";

import type { CreatedShareLink, ShareLinkView } from "@/lib/sharing/share-link-schemas";

// The browser's calls for managing share links: same-origin JSON to the public API with the
// session cookie and ?project= (lib/http/route.ts), as the annotation dialog's are.

export class ShareApiFailed extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly details: { field: string; message: string }[] = [],
  ) {
    super(message);
  }
}

async function call<T>(projectId: string, path: string, init: RequestInit = {}): Promise<T> {
  const url = `${path}${path.includes("?") ? "&" : "?"}project=${encodeURIComponent(projectId)}`;
  const res = await fetch(url, { ...init, headers: init.body ? { "content-type": "application/json" } : undefined });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ShareApiFailed(data?.error?.message ?? `HTTP ${res.status}`, res.status, Array.isArray(data?.error?.details) ? data.error.details : []);
  return data as T;
}

/** React Query keys: every list of the project starts with the project's key, so one revoke refreshes all. */
export const shareLinksKey = (projectId: string, dashboardId?: string) => (dashboardId ? ["share-links", projectId, dashboardId] : ["share-links", projectId]);

export async function fetchShareLinks(projectId: string, dashboardId?: string): Promise<ShareLinkView[]> {
  const path = dashboardId ? `/api/v1/dashboards/${encodeURIComponent(dashboardId)}/share-links` : "/api/v1/share-links";
  return (await call<{ shareLinks: ShareLinkView[] }>(projectId, path)).shareLinks;
}

export function postShareLink(projectId: string, dashboardId: string, body: Record<string, unknown>): Promise<CreatedShareLink> {
  return call(projectId, `/api/v1/dashboards/${encodeURIComponent(dashboardId)}/share-links`, { method: "POST", body: JSON.stringify(body) });
}

export function revokeShareLinkRequest(projectId: string, linkId: string): Promise<ShareLinkView> {
  return call(projectId, `/api/v1/share-links/${encodeURIComponent(linkId)}`, { method: "DELETE" });
}
