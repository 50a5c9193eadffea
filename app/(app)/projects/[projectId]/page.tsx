import type { Metadata } from "next";
import { projectPageContext } from "@/lib/projects/page-context";

export const metadata: Metadata = { title: "Overview" };

export default async function ProjectHome({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await projectPageContext(projectId);
  return (
    <div className="stack">
      <div className="page-head"><div><h1>{project.name}</h1><p className="muted">Project overview</p></div></div>
      <section className="card">
        <h2>Send your first event</h2>
        <p className="muted">Create an API key with the ingest scope in <a href={`/projects/${project.id}/settings`}>Settings</a>, then:</p>
        <pre>{`curl -X POST http://localhost:3000/api/v1/events \\
  -H "Authorization: Bearer $FLUX_KEY" -H "Content-Type: application/json" \\
  -d '{"name":"user_signed_up","properties":{"plan":"pro"}}'`}</pre>
      </section>
    </div>
  );
}
