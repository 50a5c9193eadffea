import type { Metadata } from "next";
import Link from "next/link";
import { cookies } from "next/headers";
import { notFound } from "next/navigation";
import { projectPageContext } from "@/lib/projects/page-context";
import { can } from "@/lib/auth/caller";
import { FluxError } from "@/lib/errors";
import { getDashboard } from "@/lib/dashboards/dashboards";
import { loadWidgetData } from "@/lib/dashboards/load-widget-data";
import { readViewParams, viewDefaults, VIEWER_ZONE_COOKIE } from "@/lib/dashboards/view-state";
import { viewerZoneFromCookie } from "@/lib/dashboards/viewer-zone";
import { browserLiveConfig } from "@/lib/live/live-config";
import { DashboardView } from "@/components/dashboards/dashboard-view";
import { DashboardTitle } from "@/components/dashboards/dashboard-title";
import { FiringBanner } from "@/components/alerts/firing-banner";
import { ShareDashboard } from "@/components/sharing/share-dialog";
import { renameDashboardAction } from "../actions";

export const metadata: Metadata = { title: "Dashboard" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function DashboardPage({ params, searchParams }: { params: Promise<{ projectId: string; dashboardId: string }>; searchParams: Promise<SearchParams> }) {
  const { projectId, dashboardId } = await params;
  const { ctx } = await projectPageContext(projectId);
  const dashboard = await getDashboard({ ctx, dashboardId }).catch((error) => {
    if (error instanceof FluxError && error.code === "not_found") notFound();
    throw error;
  });
  // The first data answers the URL's view, so the browser does not ask again on load.
  const viewerZone = await viewerZoneFromCookie((await cookies()).get(VIEWER_ZONE_COOKIE)?.value);
  const view = readViewParams(await searchParams, viewDefaults(dashboard, viewerZone ?? "UTC"));
  const initial = await loadWidgetData({ ctx, dashboard, view });
  const canEdit = can(ctx, "write");
  return (
    <div className="stack">
      {/* Wraps on phones, where the title leaves the Share button no room beside it. */}
      <div className="page-head" style={{ flexWrap: "wrap" }}>
        <div>
          <p className="small muted"><Link href={`/projects/${projectId}/dashboards`}>Dashboards</Link> /</p>
          <DashboardTitle name={dashboard.name} isDefault={dashboard.isDefault} canEdit={canEdit} action={renameDashboardAction.bind(null, projectId, dashboard.id)} />
        </div>
        <div className="spacer" />
        {canEdit && <ShareDashboard projectId={projectId} dashboardId={dashboard.id} dashboardName={dashboard.name} />}
      </div>
      <FiringBanner projectId={projectId} />
      <DashboardView key={dashboard.id} projectId={projectId} dashboard={dashboard} canEdit={canEdit} initial={initial} serverZone={viewerZone} live={browserLiveConfig()} />
    </div>
  );
}
