"use client";

import { useState } from "react";
import Link from "next/link";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { ShareLinkView } from "@/lib/sharing/share-link-schemas";
import { formatDateTime } from "@/lib/format/dates";
import { fetchShareLinks, revokeShareLinkRequest, shareLinksKey } from "./share-links-api";

/** What a visitor of the link may do with the time range, in words. */
export function rangePolicyText(link: Pick<ShareLinkView, "allowRangeChange" | "maxLookbackDays">): string {
  if (!link.allowRangeChange) return "Saved range only";
  if (link.maxLookbackDays === null) return "Any range";
  return `Any range, up to ${link.maxLookbackDays} day${link.maxLookbackDays === 1 ? "" : "s"} back`;
}

const STATUS_CLASS: Record<ShareLinkView["status"], string> = { active: "badge accent", expired: "badge", revoked: "badge bad" };

/**
 * Share links as rows, with Revoke for the active ones. The dashboard's Share dialog shows its
 * own links; Settings → Share links shows every link of the project with its dashboard.
 */
export function ShareLinksTable({ projectId, links, showDashboard = false }: { projectId: string; links: ShareLinkView[]; showDashboard?: boolean }) {
  const client = useQueryClient();
  const [revoking, setRevoking] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const revoke = async (link: ShareLinkView) => {
    if (!confirm(`Revoke the share link "${link.label}"? Anyone using it loses access at once.`)) return;
    setRevoking(link.id);
    setError(null);
    try {
      await revokeShareLinkRequest(projectId, link.id);
      await client.invalidateQueries({ queryKey: shareLinksKey(projectId) });
    } catch (e) {
      setError(`Not revoked: ${(e as Error).message}`);
    } finally {
      setRevoking(null);
    }
  };

  if (links.length === 0) return <p className="muted small" data-testid="share-links-empty">No share links yet.</p>;
  return (
    <>
      {error && <p className="form-error" role="alert">{error}</p>}
      <div style={{ overflowX: "auto" }}>
        <table className="list stack-on-phone" aria-label="Share links" data-testid="share-links-table">
          <thead>
            <tr>
              <th>Label</th>
              {showDashboard && <th>Dashboard</th>}
              <th>Created</th>
              <th>Last viewed</th>
              <th className="num">Views</th>
              <th>Password</th>
              <th>Time range</th>
              <th>Expires</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {links.map((link) => (
              <tr key={link.id} data-testid="share-link-row" data-link-id={link.id} data-status={link.status}>
                <td data-label="Label">
                  <strong data-testid="share-link-label">{link.label}</strong>
                  <div className="small muted">…{link.tokenHint}</div>
                </td>
                {showDashboard && (
                  <td data-label="Dashboard">
                    <Link href={`/projects/${projectId}/dashboards/${link.dashboardId}`} data-testid="share-link-dashboard">{link.dashboardName}</Link>
                  </td>
                )}
                <td data-label="Created">
                  {formatDateTime(link.createdAt)}
                  <div className="small muted" data-testid="share-link-creator">{link.createdBy ? (link.createdBy.name ?? link.createdBy.email) : "an API key"}</div>
                </td>
                <td data-label="Last viewed" data-testid="share-link-last-viewed">{link.lastViewedAt ? formatDateTime(link.lastViewedAt) : "Never"}</td>
                <td data-label="Views" className="num" data-testid="share-link-views">{link.viewCount}</td>
                <td data-label="Password" data-testid="share-link-password">{link.hasPassword ? "Yes" : "No"}</td>
                <td data-label="Time range">{rangePolicyText(link)}</td>
                <td data-label="Expires">{link.expiresAt ? formatDateTime(link.expiresAt) : "Never"}</td>
                <td data-label="Status">
                  <span className={STATUS_CLASS[link.status]} data-testid="share-link-status">{link.status}</span>
                </td>
                <td className="row-actions">
                  {link.status !== "revoked" && (
                    <button type="button" className="btn small danger" data-testid="share-revoke" disabled={revoking === link.id} onClick={() => void revoke(link)} aria-label={`Revoke ${link.label}`}>
                      {revoking === link.id ? "Revoking…" : "Revoke"}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** Every link of the project (Settings → Share links), kept fresh by the same query the dialog uses. */
export function ProjectShareLinks({ projectId, initial }: { projectId: string; initial: ShareLinkView[] }) {
  const list = useQuery({ queryKey: shareLinksKey(projectId), queryFn: () => fetchShareLinks(projectId), initialData: initial });
  if (list.error) return <p className="form-error" role="alert">Could not load share links: {(list.error as Error).message}</p>;
  return <ShareLinksTable projectId={projectId} links={list.data} showDashboard />;
}
