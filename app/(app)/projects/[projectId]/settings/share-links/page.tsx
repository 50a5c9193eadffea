import type { Metadata } from "next";
import Link from "next/link";
import { can } from "@/lib/auth/caller";
import { projectPageContext } from "@/lib/projects/page-context";
import { listShareLinks } from "@/lib/sharing/share-links";
import { ProjectShareLinks } from "@/components/sharing/share-links-table";

export const metadata: Metadata = { title: "Share links" };

export default async function ShareLinksSettingsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { ctx, project } = await projectPageContext(projectId);
  // Links are managed by those who can edit dashboards; a viewer may not even see their labels.
  const links = can(ctx, "write") ? await listShareLinks({ ctx }) : null;

  return (
    <div className="stack" style={{ maxWidth: 1200 }}>
      <div className="page-head">
        <div>
          <p className="small" style={{ margin: 0 }}><Link href={`/projects/${projectId}/settings`}>← Settings</Link></p>
          <h1>Share links</h1>
          <p className="muted">{project.name}</p>
        </div>
      </div>
      {links === null ? (
        <p className="muted" data-testid="share-links-not-allowed">Only project owners and editors can see and manage share links.</p>
      ) : (
        <section className="card" aria-labelledby="share-links-heading">
          <h2 id="share-links-heading">All links of this project</h2>
          <p className="muted small">
            Each link shows one dashboard read-only, without sign-in. Revoking one stops its page, its data and its live updates at
            once; revoked links stay listed. Create links from a dashboard&apos;s Share button.
          </p>
          <ProjectShareLinks projectId={projectId} initial={links} />
        </section>
      )}
    </div>
  );
}
