import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { listProjectsForUser } from "@/lib/projects/projects";
import { CreateProjectForm } from "@/components/settings/create-project-form";
import { createProjectAction } from "../../actions";
import { signOutAction } from "@/app/(auth)/actions";

export const metadata: Metadata = { title: "New project" };

export default async function NewProjectPage() {
  const user = await requireUser();
  const projects = await listProjectsForUser({ userId: user.id });
  return (
    <main className="auth-shell">
      <div className="card auth-card">
        <div className="brand"><span className="logo-dot" /> Flux</div>
        <h1>New project</h1>
        <p className="muted">A project holds one product&apos;s metrics, events, dashboards and keys.</p>
        <CreateProjectForm action={createProjectAction} />
        <div className="row small muted" style={{ marginTop: 16 }}>
          {projects.length > 0 ? <a href={`/projects/${projects[0].id}`}>Back to {projects[0].name}</a> : <span>Signed in as {user.email}</span>}
          <span className="spacer" />
          <form action={signOutAction}>
            <button className="btn small" type="submit">Sign out</button>
          </form>
        </div>
      </div>
    </main>
  );
}
