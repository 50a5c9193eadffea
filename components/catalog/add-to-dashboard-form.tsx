"use client";

import Link from "next/link";
import { useActionState } from "react";
import type { FormAction } from "./types";

export interface AddedWidget {
  dashboardId: string;
  dashboardName: string;
  x: number;
  y: number;
}

/** Appends a graph (or a number) of this metric or event to a dashboard, at its first free slot. */
export function AddToDashboardForm({ projectId, dashboards, action }: { projectId: string; dashboards: { id: string; name: string }[]; action: FormAction<AddedWidget> }) {
  const [state, formAction, pending] = useActionState(action, undefined);
  if (dashboards.length === 0) {
    return <p className="muted">No dashboards yet. <Link href={`/projects/${projectId}/dashboards`}>Create one</Link>, then add this chart to it from here.</p>;
  }
  return (
    <form action={formAction} aria-label="Add to dashboard" className="stack">
      <div className="row wrap catalog-form-row">
        <div className="field">
          <label htmlFor="add-dashboard">Dashboard</label>
          <select id="add-dashboard" name="dashboardId" defaultValue={dashboards[0].id}>
            {dashboards.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="add-widget">As</label>
          <select id="add-widget" name="widget" defaultValue="graph">
            <option value="graph">Graph over time</option>
            <option value="number">Number with its change</option>
          </select>
        </div>
      </div>
      <div className="row wrap">
        <button className="btn" type="submit" disabled={pending}>{pending ? "Adding…" : "Add to dashboard"}</button>
        {state?.ok === false && <span className="error" role="alert">{state.error}</span>}
        {state?.ok && (
          <span role="status" data-testid="added-to-dashboard">
            Added to <Link href={`/projects/${projectId}/dashboards/${state.data.dashboardId}`}>{state.data.dashboardName}</Link>
          </span>
        )}
      </div>
    </form>
  );
}
