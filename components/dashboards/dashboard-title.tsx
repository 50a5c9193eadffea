"use client";

import { useActionState, useState } from "react";
import type { FormAction } from "./types";

/** The dashboard's name; editors click it to rename in place. */
export function DashboardTitle({ name, isDefault, canEdit, action }: { name: string; isDefault: boolean; canEdit: boolean; action: FormAction }) {
  const [editing, setEditing] = useState(false);
  const [state, formAction, pending] = useActionState(async (prev: Awaited<ReturnType<FormAction>> | undefined, form: FormData) => {
    const result = await action(prev, form);
    if (result.ok) setEditing(false);
    return result;
  }, undefined);
  if (!editing) {
    return (
      <div className="row">
        <h1 data-testid="dashboard-name">{name}</h1>
        {isDefault && <span className="badge accent" title="Opens first on the project home">default</span>}
        {canEdit && <button type="button" className="btn small ghost" onClick={() => setEditing(true)}>Rename</button>}
      </div>
    );
  }
  return (
    <form action={formAction} className="row">
      <label className="sr-only" htmlFor="dashboard-rename">Dashboard name</label>
      <input id="dashboard-rename" name="name" type="text" defaultValue={name} required maxLength={100} autoFocus />
      <button type="submit" className="btn small primary" disabled={pending}>Save</button>
      <button type="button" className="btn small" onClick={() => setEditing(false)}>Cancel</button>
      {state?.ok === false && <span className="error" role="alert">{state.fields?.name ?? state.error}</span>}
    </form>
  );
}
