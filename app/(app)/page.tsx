import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { listProjectsForUser } from "@/lib/projects/projects";
import { listMyInvitations } from "@/lib/projects/invitations";
import { PendingInvitations } from "@/components/home/pending-invitations";
import { signOutAction } from "@/app/(auth)/actions";
import { acceptInvitationAction, declineInvitationAction } from "./actions";

export const metadata: Metadata = { title: "Invitations" };

// Home: pending invitations first; without any, the first project the user belongs to, or the
// page to create one.
export default async function HomePage() {
  const user = await requireUser();
  const [invitations, projects] = await Promise.all([listMyInvitations({ ctx: { userId: user.id } }), listProjectsForUser({ userId: user.id })]);
  if (invitations.length === 0) redirect(projects[0] ? `/projects/${projects[0].id}` : "/projects/new");
  return (
    <main className="auth-shell">
      <div className="card auth-card" style={{ maxWidth: 460 }}>
        <div className="brand"><span className="logo-dot" /> Flux</div>
        <h1>Invitations</h1>
        <p className="muted">You have been invited to {invitations.length === 1 ? "a project" : `${invitations.length} projects`}.</p>
        <PendingInvitations
          invitations={invitations.map((i) => ({ id: i.id, projectName: i.projectName, role: i.role, invitedBy: i.invitedBy }))}
          acceptAction={acceptInvitationAction}
          declineAction={declineInvitationAction}
        />
        <div className="row small muted" style={{ marginTop: 16 }}>
          {projects.length > 0 ? <Link href={`/projects/${projects[0].id}`}>Go to {projects[0].name}</Link> : <Link href="/projects/new">Create a project instead</Link>}
          <span className="spacer" />
          <span>Signed in as {user.email}</span>
          <form action={signOutAction}>
            <button className="btn small" type="submit">Sign out</button>
          </form>
        </div>
      </div>
    </main>
  );
}
