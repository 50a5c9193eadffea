"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/actions/types";

type Action = (prev: ActionResult<unknown> | undefined, form: FormData) => Promise<ActionResult<unknown>>;

export interface PendingInvitation {
  id: string;
  projectName: string;
  role: string;
  invitedBy: string | null;
}

/** Invitations to the signed-in person's email, each with Accept and Decline. */
export function PendingInvitations({ invitations, acceptAction, declineAction }: { invitations: PendingInvitation[]; acceptAction: Action; declineAction: Action }) {
  return (
    <ul className="stack" aria-label="Invitations" style={{ listStyle: "none", padding: 0, margin: 0 }}>
      {invitations.map((i) => (
        <li key={i.id} className="card" data-testid="invitation" data-project-name={i.projectName}>
          <p style={{ margin: "0 0 8px" }}>
            <strong>{i.projectName}</strong> <span className="badge">{i.role}</span>
          </p>
          {i.invitedBy && <p className="small muted" style={{ margin: "0 0 8px" }}>Invited by {i.invitedBy}</p>}
          <div className="row">
            <Answer invitation={i} action={acceptAction} label="Accept" primary />
            <Answer invitation={i} action={declineAction} label="Decline" />
          </div>
        </li>
      ))}
    </ul>
  );
}

function Answer({ invitation, action: action_, label, primary }: { invitation: PendingInvitation; action: Action; label: string; primary?: boolean }) {
  const [state, action, pending] = useActionState(action_, undefined);
  return (
    <form action={action} style={{ flex: 1 }}>
      <input type="hidden" name="invitationId" value={invitation.id} />
      <button className={primary ? "btn primary" : "btn"} type="submit" disabled={pending} aria-label={`${label} the invitation to ${invitation.projectName}`}>{label}</button>
      {state?.ok === false && <p className="form-error" role="alert">{state.error}</p>}
    </form>
  );
}
