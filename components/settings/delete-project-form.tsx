"use client";

import { useActionState, useRef } from "react";
import type { FormAction } from "./types";

export function DeleteProjectForm({ name, action }: { name: string; action: FormAction }) {
  const [state, formAction, pending] = useActionState(action, undefined);
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <p className="muted">Deleting the project removes its dashboards, keys, metrics and events for good.</p>
      <button className="btn danger" type="button" onClick={() => dialog.current?.showModal()}>Delete project…</button>
      <dialog ref={dialog} aria-labelledby="delete-title" open={state?.ok === false ? true : undefined}>
        <form action={formAction}>
          <h2 id="delete-title">Delete {name}?</h2>
          <p>This cannot be undone. Type <strong>{name}</strong> to confirm.</p>
          {state?.ok === false && <p className="form-error" role="alert">{state.fields?.confirm ?? state.error}</p>}
          <div className="field">
            <label htmlFor="confirm-name">Confirm project name</label>
            <input id="confirm-name" name="confirm" type="text" autoComplete="off" required />
          </div>
          <div className="row">
            <span className="spacer" />
            <button className="btn" type="button" onClick={() => dialog.current?.close()}>Cancel</button>
            <button className="btn danger" type="submit" disabled={pending}>{pending ? "Deleting…" : "Delete project"}</button>
          </div>
        </form>
      </dialog>
    </>
  );
}
