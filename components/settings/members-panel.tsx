"use client";

import { useActionState } from "react";
import type { FormAction } from "./types";

interface MemberRow {
  userId: string;
  email: string;
  name: string | null;
  role: string;
}

interface Props {
  members: MemberRow[];
  currentUserId: string;
  canManage: boolean;
  addAction: FormAction;
  changeRoleAction: FormAction;
  removeAction: FormAction;
}

const ROLES = ["owner", "editor", "viewer"] as const;

export function MembersPanel({ members, currentUserId, canManage, addAction, changeRoleAction, removeAction }: Props) {
  const [added, add, adding] = useActionState(addAction, undefined);
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
        </tbody>
      </table>
      {canManage && (
        <form action={add} className="row wrap" style={{ alignItems: "flex-end" }} aria-label="Add member">
          <div className="field" style={{ flex: 1, minWidth: 220, marginBottom: 0 }}>
            <label htmlFor="member-email">Add an existing user by email</label>
            <input id="member-email" name="email" type="email" required placeholder="teammate@example.com" />
          </div>
          <div className="field" style={{ marginBottom: 0 }}>
            <label htmlFor="member-role">Role</label>
            <select id="member-role" name="role" defaultValue="viewer">{ROLES.map((r) => <option key={r}>{r}</option>)}</select>
          </div>
          <button className="btn" type="submit" disabled={adding}>Add member</button>
          {added?.ok === false && <p className="form-error" role="alert" style={{ width: "100%" }}>{added.fields?.email ? `${added.error}: ${added.fields.email}` : added.error}</p>}
        </form>
      )}
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
