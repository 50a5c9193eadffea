"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/actions/types";

type Action = (prev: ActionResult<{ id: string }> | undefined, form: FormData) => Promise<ActionResult<{ id: string }>>;

export function CreateProjectForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, undefined);
  return (
    <form action={formAction}>
      {state?.ok === false && <p className="form-error" role="alert">{state.fields?.name ?? state.error}</p>}
      <div className="field">
        <label htmlFor="project-name">Project name</label>
        <input id="project-name" name="name" type="text" required maxLength={80} placeholder="Acme web app" autoFocus />
      </div>
      <button className="btn primary" type="submit" disabled={pending}>{pending ? "Creating…" : "Create project"}</button>
    </form>
  );
}
