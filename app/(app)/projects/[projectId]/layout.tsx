import { projectPageContext } from "@/lib/projects/page-context";
import { Topbar } from "@/components/shell/topbar";
import { LiveProvider } from "@/components/live/live-provider";
import { browserLiveConfig } from "@/lib/live/live-config";
import { signOutAction } from "@/app/(auth)/actions";
import { countOpenUnacknowledged } from "@/lib/anomaly/anomalies";

/** The header counts open anomalies nobody has acknowledged up to this many ("99+" beyond). */
const OPEN_ANOMALY_CAP = 99;

export default async function ProjectLayout({ children, params }: { children: React.ReactNode; params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { user, project, projects, ctx } = await projectPageContext(projectId);
  const openAnomalies = await countOpenUnacknowledged({ ctx, cap: OPEN_ANOMALY_CAP });
  // One live connection per page, shared by the header's firing alerts and a dashboard's widgets.
  return (
    <LiveProvider projectId={project.id} config={browserLiveConfig()}>
      <div className="shell">
        <Topbar
          project={{ id: project.id, name: project.name }}
          projects={projects.map((p) => ({ id: p.id, name: p.name }))}
          userEmail={user.email}
          role={ctx.role}
          signOut={signOutAction}
          openAnomalies={openAnomalies}
        />
        <main className="main">{children}</main>
      </div>
    </LiveProvider>
  );
}
