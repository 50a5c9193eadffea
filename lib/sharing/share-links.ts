import { and, desc, eq, isNull, type SQL } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { dashboards, shareLinks, users } from "@/lib/db/schema";
import { requirePermission, type Caller } from "@/lib/auth/caller";
import { hashPassword } from "@/lib/auth/password";
import { notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { isUuid } from "@/lib/validation/ids";
import { CreateShareLinkInput, sharePath, type CreatedShareLink, type ShareLinkStatus, type ShareLinkView } from "./share-link-schemas";
import { generateShareToken, hashShareToken, shareTokenHint } from "./share-token";

// Managing share links: editors create, list and revoke them. What a visitor may do with one
// is in share-access.ts and shared-dashboard.ts.

type Row = typeof shareLinks.$inferSelect;

export function linkStatus(link: Pick<Row, "revokedAt" | "expiresAt">, now = Date.now()): ShareLinkStatus {
  if (link.revokedAt) return "revoked";
  if (link.expiresAt && link.expiresAt.getTime() <= now) return "expired";
  return "active";
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toView(row: Row, dashboardName: string, creator: { id: string; name: string | null; email: string } | null): ShareLinkView {
  return {
    id: row.id,
    dashboardId: row.dashboardId,
    dashboardName,
    label: row.label,
    tokenHint: row.tokenHint,
    createdBy: creator,
    createdAt: row.createdAt.toISOString(),
    expiresAt: iso(row.expiresAt),
    hasPassword: row.passwordHash !== null,
    allowRangeChange: row.allowRangeChange,
    maxLookbackDays: row.allowRangeChange ? row.maxLookbackDays : null,
    revokedAt: iso(row.revokedAt),
    lastViewedAt: iso(row.lastViewedAt),
    viewCount: row.viewCount,
    status: linkStatus(row),
  };
}

async function dashboardName(ctx: Caller, dashboardId: string): Promise<string> {
  if (!isUuid(dashboardId)) throw notFound("Dashboard not found");
  const [row] = await db()
    .select({ name: dashboards.name })
    .from(dashboards)
    .where(and(eq(dashboards.id, dashboardId), eq(dashboards.projectId, ctx.projectId)))
    .limit(1);
  if (!row) throw notFound("Dashboard not found");
  return row.name;
}

/** A new link to one dashboard of the caller's project. The token is in this answer only. */
export async function createShareLink({ ctx, dashboardId, input }: { ctx: Caller; dashboardId: string; input: unknown }): Promise<CreatedShareLink> {
  requirePermission(ctx, "write");
  const data = parseInput(CreateShareLinkInput, input, "Invalid share link");
  const name = await dashboardName(ctx, dashboardId);
  const token = generateShareToken();
  const [row] = await db()
    .insert(shareLinks)
    .values({
      projectId: ctx.projectId,
      dashboardId,
      label: data.label,
      tokenHash: hashShareToken(token),
      tokenHint: shareTokenHint(token),
      createdBy: ctx.kind === "user" ? ctx.userId : null,
      expiresAt: data.expiresAt ? new Date(data.expiresAt) : null,
      passwordHash: data.password ? await hashPassword(data.password) : null,
      allowRangeChange: data.allowRangeChange,
      maxLookbackDays: data.allowRangeChange ? (data.maxLookbackDays ?? null) : null,
    })
    .returning();
  const creator = ctx.kind === "user" ? await creatorOf(ctx.userId) : null;
  return { ...toView(row, name, creator), token, path: sharePath(token) };
}

async function creatorOf(userId: string) {
  const [u] = await db().select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.id, userId)).limit(1);
  return u ?? null;
}

/** The project's links, newest first; of one dashboard when `dashboardId` is given. */
export async function listShareLinks({ ctx, dashboardId }: { ctx: Caller; dashboardId?: string }): Promise<ShareLinkView[]> {
  requirePermission(ctx, "write");
  if (dashboardId !== undefined) await dashboardName(ctx, dashboardId);
  return selectLinks(ctx, dashboardId ? eq(shareLinks.dashboardId, dashboardId) : undefined);
}

async function selectLinks(ctx: Caller, where: SQL | undefined): Promise<ShareLinkView[]> {
  const rows = await db()
    .select({ link: shareLinks, dashboardName: dashboards.name, creatorId: users.id, creatorName: users.name, creatorEmail: users.email })
    .from(shareLinks)
    .innerJoin(dashboards, eq(dashboards.id, shareLinks.dashboardId))
    .leftJoin(users, eq(users.id, shareLinks.createdBy))
    .where(and(eq(shareLinks.projectId, ctx.projectId), where))
    .orderBy(desc(shareLinks.createdAt), desc(shareLinks.id));
  return rows.map((r) => toView(r.link, r.dashboardName, r.creatorId ? { id: r.creatorId, name: r.creatorName, email: r.creatorEmail ?? "" } : null));
}

/** Revokes a link at once: its next request, page or live stream finds it gone. Revoking twice is a no-op. */
export async function revokeShareLink({ ctx, linkId }: { ctx: Caller; linkId: string }): Promise<ShareLinkView> {
  requirePermission(ctx, "write");
  if (!isUuid(linkId)) throw notFound("Share link not found");
  await db()
    .update(shareLinks)
    .set({ revokedAt: new Date() })
    .where(and(eq(shareLinks.id, linkId), eq(shareLinks.projectId, ctx.projectId), isNull(shareLinks.revokedAt)));
  const [link] = await selectLinks(ctx, eq(shareLinks.id, linkId));
  if (!link) throw notFound("Share link not found");
  return link;
}
