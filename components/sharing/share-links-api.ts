"use client";

import type { CreatedShareLink, ShareLinkView } from "@/lib/sharing/share-link-schemas";
import { projectApi as call } from "@/components/api/project-api";

// The browser's calls for managing share links: same-origin JSON to the public API with the
// session cookie and ?project= (components/api/project-api.ts).

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
