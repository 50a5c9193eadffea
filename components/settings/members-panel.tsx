"use client";

import { useActionState } from "react";
import { InviteMemberForm, ROLES } from "./invite-member-form";
import type { FormAction } from "./types";

interface MemberRow {
  userId: string;
  email: string;
  name: string | null;
  role: string;
}

interface InvitationRow {
  id: string;
  email: string;
  role: string;
}

interface Props {
  members: MemberRow[];
  /** Pending invitations; only admins get them. */
  invitations: InvitationRow[];
  currentUserId: string;
  canManage: boolean;
  inviteAction: FormAction<{ message: string }>;
  revokeInvitationAction: FormAction;
  changeRoleAction: FormAction;
  removeAction: FormAction;
}

export function MembersPanel({ members, invitations, currentUserId, canManage, inviteAction, revokeInvitationAction, changeRoleAction, removeAction }: Props) {
  return (
    <div className="stack">
      <table className="list" aria-label="Members">
        <thead><tr><th>Member</th><th>Role</th><th /></tr></thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.userId} data-testid="member-row" data-email={m.email}>
              <td>{m.name ? `${m.name} · ` : ""}{m.email}{m.userId === currentUserId && <span className="muted"> (you)</span>}</td>
              <td>{canManage ? <RoleSelect member={m} action={changeRoleAction} /> : <span className="badge">{m.role}</span>}</td>
              <td style={{ textAlign: "right" }}>{canManage && m.userId !== currentUserId && <RemoveButton member={m} action={removeAction} />}</td>
            </tr>
          ))}
          {invitations.map((i) => (
            <tr key={i.id} data-testid="invitation-row" data-email={i.email}>
              <td>{i.email} <span className="badge accent">invited</span></td>
              <td><span className="badge">{i.role}</span></td>
              <td style={{ textAlign: "right" }}>{canManage && <RevokeInvitationButton invitation={i} action={revokeInvitationAction} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {canManage && <InviteMemberForm action={inviteAction} />}
    </div>
  );
}

function RoleSelect({ member, action }: { member: MemberRow; action: FormAction }) {
  const [state, change] = useActionState(action, undefined);
  return (
    <form action={change} className="row">
      <input type="hidden" name="userId" value={member.userId} />
      <select
        name="role"
        aria-label={`Role of ${member.email}`}
        defaultValue={member.role}
        style={{ width: "auto" }}
        onChange={(e) => e.currentTarget.form?.requestSubmit()}
      >
        {ROLES.map((r) => <option key={r}>{r}</option>)}
      </select>
      {state?.ok === false && <span className="small" role="alert" style={{ color: "var(--bad)" }}>{state.error}</span>}
    </form>
  );
}

function RemoveButton({ member, action }: { member: MemberRow; action: FormAction }) {
  const [state, remove, pending] = useActionState(action, undefined);
  return (
    <form action={remove}>
      <input type="hidden" name="userId" value={member.userId} />
      <button className="btn small" type="submit" disabled={pending} aria-label={`Remove ${member.email}`}>Remove</button>
      {state?.ok === false && <span className="small" style={{ color: "var(--bad)" }}>{state.error}</span>}
    </form>
  );
}

function RevokeInvitationButton({ invitation, action }: { invitation: InvitationRow; action: FormAction }) {
  const [state, revoke, pending] = useActionState(action, undefined);
  return (
    <form action={revoke}>
      <input type="hidden" name="invitationId" value={invitation.id} />
      <button className="btn small" type="submit" disabled={pending} aria-label={`Revoke the invitation of ${invitation.email}`}>Revoke</button>
      {state?.ok === false && <span className="small" style={{ color: "var(--bad)" }}>{state.error}</span>}
    </form>
  );
}
