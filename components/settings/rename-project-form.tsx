"use client";

import { useActionState } from "react";
import type { FormAction } from "./types";

export function RenameProjectForm({ name, canEdit, action }: { name: string; canEdit: boolean; action: FormAction }) {
  const [state, formAction, pending] = useActionState(action, undefined);
  return (
    <form action={formAction} className="row" style={{ alignItems: "flex-end" }}>
      <div className="field" style={{ flex: 1, marginBottom: 0 }}>
        <label htmlFor="rename">Project name</label>
        <input id="rename" name="name" type="text" defaultValue={name} disabled={!canEdit} required maxLength={80} />
      </div>
      {canEdit && <button className="btn" type="submit" disabled={pending}>{pending ? "Saving…" : "Rename"}</button>}
      {state?.ok === false && <span className="error" role="alert" style={{ color: "var(--bad)" }}>{state.fields?.name ?? state.error}</span>}
      {state?.ok && <span className="muted small" role="status">Saved</span>}
    </form>
  );
}
