"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/actions/types";

type Action = (prev: ActionResult<{ endedSessions: number }> | undefined, form: FormData) => Promise<ActionResult<{ endedSessions: number }>>;

export function ChangePasswordForm({ action: action_ }: { action: Action }) {
  const [state, action, pending] = useActionState(action_, undefined);
  const fields = state?.ok === false ? state.fields ?? {} : {};
  const ended = state?.ok ? state.data.endedSessions : 0;
  return (
    <form action={action} noValidate style={{ maxWidth: 380 }}>
      {state?.ok === false && !Object.keys(fields).length && <p className="form-error" role="alert">{state.error}</p>}
      {state?.ok && (
        <p className="notice" role="status">
          Password changed.{" "}
          {ended === 0 ? "No other browser was signed in." : `${ended} other ${ended === 1 ? "session was" : "sessions were"} signed out.`}
        </p>
      )}
      <PasswordField id="current-password" name="currentPassword" label="Current password" autoComplete="current-password" error={fields.currentPassword} />
      <PasswordField id="new-password" name="newPassword" label="New password" autoComplete="new-password" error={fields.newPassword} hint="At least 8 characters." />
      <PasswordField id="confirm-password" name="confirmPassword" label="Repeat the new password" autoComplete="new-password" error={fields.confirmPassword} />
      <button className="btn primary" type="submit" disabled={pending}>{pending ? "Changing…" : "Change password"}</button>
    </form>
  );
}

function PasswordField(props: { id: string; name: string; label: string; autoComplete: string; error?: string; hint?: string }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input id={props.id} name={props.name} type="password" autoComplete={props.autoComplete} required aria-invalid={Boolean(props.error)} />
      {props.error ? <div className="error">{props.error}</div> : props.hint && <div className="hint">{props.hint}</div>}
    </div>
  );
}
