"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import { formatDateTime } from "@/lib/format/dates";
import type { DashboardSummary, FormAction } from "./types";

export interface DashboardRowActions {
  rename: FormAction;
  duplicate: FormAction;
  remove: FormAction;
  makeDefault: FormAction;
}

export function CreateDashboardForm({ action }: { action: FormAction }) {
  const [state, formAction, pending] = useActionState(action, undefined);
  return (
    <form action={formAction} className="row" aria-label="Create a dashboard">
      <label className="sr-only" htmlFor="new-dashboard-name">New dashboard name</label>
      <input id="new-dashboard-name" name="name" type="text" placeholder="New dashboard name" required maxLength={100} style={{ maxWidth: 280 }} />
      <button type="submit" className="btn primary" disabled={pending}>{pending ? "Creating…" : "Create dashboard"}</button>
      {state?.ok === false && <span className="error" role="alert">{state.fields?.name ?? state.error}</span>}
    </form>
  );
}

function ActionButton({ action, label, className, confirmText }: { action: FormAction; label: string; className?: string; confirmText?: string }) {
  const [state, formAction, pending] = useActionState(action, undefined);
  return (
    <form action={formAction} onSubmit={(e) => { if (confirmText && !confirm(confirmText)) e.preventDefault(); }} style={{ display: "inline" }}>
      <button type="submit" className={`btn small ${className ?? ""}`} disabled={pending}>{label}</button>
      {state?.ok === false && <span className="error small" role="alert">{state.error}</span>}
    </form>
  );
}

function RenameInline({ name, action }: { name: string; action: FormAction }) {
  const [open, setOpen] = useState(false);
  const [state, formAction, pending] = useActionState(async (prev: Awaited<ReturnType<FormAction>> | undefined, form: FormData) => {
    const r = await action(prev, form);
    if (r.ok) setOpen(false);
    return r;
  }, undefined);
  if (!open) return <button type="button" className="btn small" onClick={() => setOpen(true)}>Rename</button>;
  return (
    <form action={formAction} className="row" style={{ display: "inline-flex" }}>
      <input name="name" type="text" aria-label="New name" defaultValue={name} required maxLength={100} autoFocus style={{ width: 200 }} />
      <button type="submit" className="btn small primary" disabled={pending}>Save</button>
      {state?.ok === false && <span className="error small" role="alert">{state.fields?.name ?? state.error}</span>}
    </form>
  );
}

export function DashboardList({ projectId, dashboards, canEdit, actionsFor }: {
  projectId: string;
  dashboards: DashboardSummary[];
  canEdit: boolean;
  actionsFor: Record<string, DashboardRowActions>;
}) {
  if (dashboards.length === 0) {
    return <p className="muted" data-testid="no-dashboards">No dashboards yet. {canEdit ? "Create one above, then add widgets." : "An editor of this project can create one."}</p>;
  }
  return (
    <table className="list stack-on-phone" aria-label="Dashboards">
      <thead>
        <tr><th>Name</th><th>Widgets</th><th>Updated</th>{canEdit && <th />}</tr>
      </thead>
      <tbody>
        {dashboards.map((d) => {
          const a = actionsFor[d.id];
          return (
            <tr key={d.id} data-testid="dashboard-row" data-name={d.name}>
              <td>
                <Link href={`/projects/${projectId}/dashboards/${d.id}`}>{d.name}</Link> {d.isDefault && <span className="badge accent">default</span>}
              </td>
              <td data-label="Widgets">{d.widgetCount}</td>
              <td className="small" data-label="Updated">{formatDateTime(d.updatedAt)}</td>
              {canEdit && a && (
                <td className="row-actions">
                  <RenameInline name={d.name} action={a.rename} />
                  <ActionButton action={a.duplicate} label="Duplicate" />
                  {!d.isDefault && <ActionButton action={a.makeDefault} label="Set as default" />}
                  <ActionButton action={a.remove} label="Delete" className="danger" confirmText={`Delete the dashboard "${d.name}"? This cannot be undone.`} />
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
