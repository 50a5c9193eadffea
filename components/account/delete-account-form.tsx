"use client";

import { useActionState, useRef } from "react";
import type { ActionResult } from "@/lib/actions/types";

interface ProjectRef {
  id: string;
  name: string;
}

type Action = (prev: ActionResult<unknown> | undefined, form: FormData) => Promise<ActionResult<unknown>>;

export function DeleteAccountForm(props: { email: string; hasPassword: boolean; blockingProjects: ProjectRef[]; soloProjects: ProjectRef[]; action: Action }) {
  const [state, formAction, pending] = useActionState(props.action, undefined);
  const dialog = useRef<HTMLDialogElement>(null);
  const fields = state?.ok === false ? state.fields ?? {} : {};
  const blocked = props.blockingProjects.length > 0;
  return (
    <>
      {blocked ? (
        <div className="notice" role="note">
          <p>You are the last owner of {props.blockingProjects.length === 1 ? "a project that has" : "projects that have"} other members:</p>
          <ul>{props.blockingProjects.map((p) => <li key={p.id}><a href={`/projects/${p.id}/settings`}>{p.name}</a></li>)}</ul>
          <p>Make another member an owner, or delete the project, before deleting your account.</p>
        </div>
      ) : (
        <p className="muted">Deleting your account signs you out everywhere and removes you from every project.</p>
      )}
      {props.soloProjects.length > 0 && (
        <p className="muted">
          Projects only you belong to are deleted with all their data: {props.soloProjects.map((p) => p.name).join(", ")}.
        </p>
      )}
      <button className="btn danger" type="button" disabled={blocked} onClick={() => dialog.current?.showModal()}>Delete account…</button>
      <dialog ref={dialog} aria-labelledby="delete-account-title" open={state?.ok === false ? true : undefined}>
        <form action={formAction}>
          <h2 id="delete-account-title">Delete your account?</h2>
          <p>This cannot be undone. Type <strong>{props.email}</strong> to confirm.</p>
          {state?.ok === false && !Object.keys(fields).length && <p className="form-error" role="alert">{state.error}</p>}
          {props.hasPassword && (
            <div className="field">
              <label htmlFor="delete-password">Password</label>
              <input id="delete-password" name="password" type="password" autoComplete="current-password" required aria-invalid={Boolean(fields.password)} />
              {fields.password && <div className="error">{fields.password}</div>}
            </div>
          )}
          <div className="field">
            <label htmlFor="delete-confirm">Your email address</label>
            <input id="delete-confirm" name="confirm" type="text" autoComplete="off" required aria-invalid={Boolean(fields.confirm)} />
            {fields.confirm && <div className="error">{fields.confirm}</div>}
          </div>
          <div className="row">
            <span className="spacer" />
            <button className="btn" type="button" onClick={() => dialog.current?.close()}>Cancel</button>
            <button className="btn danger" type="submit" disabled={pending}>{pending ? "Deleting…" : "Delete my account"}</button>
          </div>
        </form>
      </dialog>
    </>
  );
}
