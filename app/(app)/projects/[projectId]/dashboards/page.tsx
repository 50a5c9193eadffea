import type { Metadata } from "next";
import { projectPageContext } from "@/lib/projects/page-context";
import { can } from "@/lib/auth/caller";
import { listDashboards } from "@/lib/dashboards/dashboards";
import { CreateDashboardForm, DashboardList, type DashboardRowActions } from "@/components/dashboards/dashboard-list";
import * as actions from "./actions";

export const metadata: Metadata = { title: "Dashboards" };

export default async function DashboardsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { ctx, project } = await projectPageContext(projectId);
  const dashboards = await listDashboards({ ctx });
  const canEdit = can(ctx, "write");
  const actionsFor: Record<string, DashboardRowActions> = {};
  if (canEdit) {
    for (const d of dashboards) {
      actionsFor[d.id] = {
        rename: actions.renameDashboardAction.bind(null, projectId, d.id),
        duplicate: actions.duplicateDashboardAction.bind(null, projectId, d.id),
        remove: actions.deleteDashboardAction.bind(null, projectId, d.id),
        makeDefault: actions.setDefaultDashboardAction.bind(null, projectId, d.id),
      };
    }
  }
  return (
    <div className="stack">
      <div className="page-head"><div><h1>Dashboards</h1><p className="muted">{project.name}</p></div></div>
      <section className="card stack">
        {canEdit && <CreateDashboardForm action={actions.createDashboardAction.bind(null, projectId)} />}
        <DashboardList
          projectId={projectId}
          canEdit={canEdit}
          actionsFor={actionsFor}
          dashboards={dashboards.map((d) => ({ id: d.id, name: d.name, isDefault: d.isDefault, widgetCount: d.widgets.length, updatedAt: d.updatedAt }))}
        />
      </section>
    </div>
  );
}
