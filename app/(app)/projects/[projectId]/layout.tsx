import { projectPageContext } from "@/lib/projects/page-context";
import { Topbar } from "@/components/shell/topbar";
import { LiveProvider } from "@/components/live/live-provider";
import { browserLiveConfig } from "@/lib/live/live-config";
import { signOutAction } from "@/app/(auth)/actions";

export default async function ProjectLayout({ children, params }: { children: React.ReactNode; params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { user, project, projects, ctx } = await projectPageContext(projectId);
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
        />
        <main className="main">{children}</main>
      </div>
    </LiveProvider>
  );
}
