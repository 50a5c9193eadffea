"use client";

import { useActionState, useState } from "react";
import type { FormAction } from "./types";

export const ROLES = ["owner", "editor", "viewer"] as const;

/**
 * Invites by email. The answer never says whether the email has a Flux account: the person
 * accepts from their home page after signing in or signing up with that email.
 */
export function InviteMemberForm({ action: action_ }: { action: FormAction<{ message: string }> }) {
  const [state, action, pending] = useActionState(action_, undefined);
  // Controlled, so a refused email stays in the field (React resets uncontrolled fields); cleared once sent.
  const [email, setEmail] = useState("");
  const [sentFor, setSentFor] = useState<typeof state>(undefined);
  if (state?.ok && state !== sentFor) {
    setSentFor(state);
    setEmail("");
  }
  return (
    <form action={action} className="stack" aria-label="Invite member">
      <div className="row wrap" style={{ alignItems: "flex-end" }}>
        <div className="field" style={{ flex: 1, minWidth: 220, marginBottom: 0 }}>
          <label htmlFor="invite-email">Invite by email</label>
          <input id="invite-email" name="email" type="email" required placeholder="teammate@example.com" value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field" style={{ marginBottom: 0 }}>
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" name="role" defaultValue="viewer">{ROLES.map((r) => <option key={r}>{r}</option>)}</select>
        </div>
        <button className="btn" type="submit" disabled={pending}>{pending ? "Inviting…" : "Invite"}</button>
      </div>
      <p className="small muted" style={{ margin: 0 }}>They join once they accept it on their Flux home page, after signing in or signing up with this email.</p>
      {state?.ok === false && <p className="form-error" role="alert">{state.fields?.email ? `${state.error}: ${state.fields.email}` : state.error}</p>}
      {state?.ok && <p className="notice" role="status" data-testid="invite-result">{state.data.message}</p>}
    </form>
  );
}
