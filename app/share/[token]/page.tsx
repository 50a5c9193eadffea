import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { notFound } from "next/navigation";
import { FluxError } from "@/lib/errors";
import { readViewParams, viewDefaults, VIEWER_ZONE_COOKIE } from "@/lib/dashboards/view-state";
import { viewerZoneFromCookie } from "@/lib/dashboards/viewer-zone";
import { browserLiveConfig } from "@/lib/live/live-config";
import { recordShareView, resolveSharePage, shareClientAddress } from "@/lib/sharing/share-access";
import { getSharedDashboard, loadSharedWidgetData } from "@/lib/sharing/shared-dashboard";
import { sharedView } from "@/lib/sharing/share-view";
import { shareGrantCookie } from "@/lib/sharing/share-token";
import { SharedDashboardView } from "@/components/sharing/shared-dashboard-view";
import { SharedPage } from "@/components/sharing/shared-page";
import { SharePasswordGate } from "@/components/sharing/share-password-gate";
import { ShareTooManyAttempts } from "@/components/sharing/share-too-many";

type SearchParams = Record<string, string | string[] | undefined>;

export const metadata: Metadata = { title: "Shared dashboard" };

export default async function SharePage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<SearchParams> }) {
  const { token } = await params;
  const search = await searchParams;
  const embed = search.embed === "1";
  const jar = await cookies();
  let resolved;
  try {
    resolved = await resolveSharePage({ token, grant: (linkId) => jar.get(shareGrantCookie(linkId))?.value ?? null, address: shareClientAddress(await headers()) });
  } catch (error) {
    if (error instanceof FluxError && error.code === "not_found") notFound();
    if (error instanceof FluxError && error.code === "rate_limited") return <ShareTooManyAttempts message={error.message} />;
    throw error;
  }
  if (resolved.locked) return <SharePasswordGate token={token} embed={embed} live={browserLiveConfig()} />;
  const { ctx, policy } = resolved;
  const [dashboard] = await Promise.all([getSharedDashboard({ ctx }), recordShareView(ctx)]);
  const viewerZone = await viewerZoneFromCookie(jar.get(VIEWER_ZONE_COOKIE)?.value);
  const view = sharedView(readViewParams(search, viewDefaults(dashboard, viewerZone ?? "UTC")), policy, dashboard.range);
  const initial = await loadSharedWidgetData({ ctx, view });
  return (
    <SharedPage name={dashboard.name} embed={embed}>
      <SharedDashboardView token={token} dashboardId={ctx.dashboardId} dashboard={dashboard} policy={policy} initial={initial} serverZone={viewerZone} grant={null} embed={embed} live={browserLiveConfig()} />
    </SharedPage>
  );
}
