import type { Metadata } from "next";
import Link from "next/link";
import { projectPageContext } from "@/lib/projects/page-context";
import { can } from "@/lib/auth/caller";
import { listMembers } from "@/lib/projects/members";
import { listInvitations } from "@/lib/projects/invitations";
import { listApiKeys } from "@/lib/api-keys/api-keys";
import { RenameProjectForm } from "@/components/settings/rename-project-form";
import { MembersPanel } from "@/components/settings/members-panel";
import { ApiKeysPanel } from "@/components/settings/api-keys-panel";
import { DeleteProjectForm } from "@/components/settings/delete-project-form";
import * as actions from "./actions";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { ctx, project, user } = await projectPageContext(projectId);
  const isAdmin = can(ctx, "admin");
  const [members, invitations, keys] = await Promise.all([
    listMembers({ ctx }),
    isAdmin ? listInvitations({ ctx }) : Promise.resolve([]),
    isAdmin ? listApiKeys({ ctx }) : Promise.resolve(null),
  ]);
  const bind = <A extends unknown[], R>(fn: (projectId: string, ...rest: A) => R) => fn.bind(null, projectId) as (...rest: A) => R;

  return (
    <div className="stack" style={{ maxWidth: 900 }}>
      <div className="page-head"><div><h1>Settings</h1><p className="muted">{project.name}</p></div></div>
      <section className="card">
        <h2>General</h2>
        <RenameProjectForm name={project.name} canEdit={isAdmin} action={bind(actions.renameProjectAction)} />
      </section>
      <section className="card" aria-labelledby="storage-heading">
        <h2 id="storage-heading">Storage</h2>
        <p className="muted">
          How long data is kept, storage used per table, points and events per day. <Link href={`/projects/${projectId}/settings/storage`}>Storage and retention →</Link>
        </p>
      </section>
      {isAdmin && (
        <section className="card" aria-labelledby="jobs-heading">
          <h2 id="jobs-heading">Scheduled jobs</h2>
          <p className="muted">
            Rollups, retention, purges, anomaly detection and alerts: when each last ran, how it went and when it is next due. <Link href={`/projects/${projectId}/settings/jobs`} data-testid="jobs-settings-link">Scheduled jobs →</Link>
          </p>
        </section>
      )}
      <section className="card" aria-labelledby="alerts-heading">
        <h2 id="alerts-heading">Alerts</h2>
        <p className="muted">
          Rules on thresholds, anomalies and missing data; webhook, Slack and email channels; what fired and what was sent. <Link href={`/projects/${projectId}/settings/alerts`} data-testid="alerts-settings-link">Alert rules and channels →</Link>
        </p>
      </section>
      {can(ctx, "write") && (
        <section className="card" aria-labelledby="share-links-heading">
          <h2 id="share-links-heading">Share links</h2>
          <p className="muted">
            Read-only links to single dashboards, for people without an account or an iframe elsewhere: who made them, when they were last viewed, and revoking them. <Link href={`/projects/${projectId}/settings/share-links`} data-testid="share-links-settings-link">Share links →</Link>
          </p>
        </section>
      )}
      <section className="card" aria-labelledby="keys-heading">
        <h2 id="keys-heading">API keys</h2>
        {keys ? (
          <ApiKeysPanel
            keys={keys.map((k) => ({ ...k, createdAt: k.createdAt.toISOString(), lastUsedAt: k.lastUsedAt?.toISOString() ?? null, revokedAt: k.revokedAt?.toISOString() ?? null }))}
            createAction={bind(actions.createApiKeyAction)}
            revokeAction={bind(actions.revokeApiKeyAction)}
          />
        ) : (
          <p className="muted" data-testid="keys-not-allowed">Only project owners can see and manage API keys.</p>
        )}
      </section>
      <section className="card">
        <h2>Members</h2>
        <MembersPanel
          members={members}
          invitations={invitations.map((i) => ({ id: i.id, email: i.email, role: i.role }))}
          currentUserId={user.id}
          canManage={isAdmin}
          inviteAction={bind(actions.inviteMemberAction)}
          revokeInvitationAction={bind(actions.revokeInvitationAction)}
          changeRoleAction={bind(actions.changeRoleAction)}
          removeAction={bind(actions.removeMemberAction)}
        />
      </section>
      {isAdmin && (
        <section className="card">
          <h2>Danger zone</h2>
          <DeleteProjectForm name={project.name} action={bind(actions.deleteProjectAction)} />
        </section>
      )}
    </div>
  );
}
