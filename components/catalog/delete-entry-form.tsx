"use client";

import { useActionState, useRef, useState } from "react";
import type { FormAction } from "./types";

/**
 * Deletes a metric or event with all of its data, after the name is typed: the button stays
 * disabled until it matches, and the server checks it again.
 */
export function DeleteEntryForm({ kind, name, action }: { kind: "metric" | "event"; name: string; action: FormAction }) {
  const [state, formAction, pending] = useActionState(action, undefined);
  const [typed, setTyped] = useState("");
  const dialog = useRef<HTMLDialogElement>(null);
  const what = kind === "event" ? "event" : "metric";
  return (
    <>
      <p className="muted">Deleting the {what} removes {kind === "event" ? "every event of this name" : "every series and point of it"}, with its rollups, for good. Widgets that read it will show no data.</p>
      <div>
        <button className="btn danger" type="button" onClick={() => dialog.current?.showModal()}>Delete {what}…</button>
      </div>
      <dialog ref={dialog} aria-labelledby="delete-entry-title" open={state?.ok === false ? true : undefined} className="catalog-dialog">
        <form action={formAction}>
          <h2 id="delete-entry-title">Delete this {what} and its data?</h2>
          <p>This cannot be undone. Type <code className="catalog-name">{name}</code> to confirm.</p>
          {state?.ok === false && <p className="form-error" role="alert">{state.fields?.confirm ?? state.error}</p>}
          <div className="field">
            <label htmlFor="confirm-entry-name">Confirm the {what} name</label>
            <input id="confirm-entry-name" name="confirm" type="text" autoComplete="off" spellCheck={false} required value={typed} onChange={(e) => setTyped(e.target.value)} />
          </div>
          <div className="row">
            <span className="spacer" />
            <button className="btn" type="button" onClick={() => dialog.current?.close()}>Cancel</button>
            <button className="btn danger" type="submit" disabled={pending || typed !== name}>{pending ? "Deleting…" : `Delete ${what}`}</button>
          </div>
        </form>
      </dialog>
    </>
  );
}
