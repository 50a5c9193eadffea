"use client";

import { useActionState, useState } from "react";
import type { ActionResult } from "@/lib/actions/types";
import type { StorageSettingKey as RetentionKey, StorageSettingsView as RetentionView } from "@/lib/storage/storage-settings";
import type { FormAction } from "./types";

const ROWS: { key: RetentionKey; label: string; hint: string }[] = [
  { key: "rawDays", label: "Raw data", hint: "Every point and event as it was sent. At least 1 day." },
  { key: "rollup1mDays", label: "1-minute rollups", hint: "At most as long as raw data: past it, hourly rollups answer." },
  { key: "rollup1hDays", label: "Hourly rollups", hint: "At least as long as raw data." },
  { key: "rollup1dDays", label: "Daily rollups", hint: "At least as long as hourly rollups, or forever." },
  { key: "compressAfterDays", label: "Compress raw data after", hint: "Older raw data is stored compressed (read as before)." },
];

/** "7 days", "395 days (13 months)", "forever". */
export function describeDays(days: number | null): string {
  if (days === null) return "forever";
  const base = `${days} day${days === 1 ? "" : "s"}`;
  if (days >= 730) return `${base} (${Math.round((days / 365.25) * 10) / 10} years)`;
  if (days >= 60) return `${base} (${Math.round(days / 30.44)} months)`;
  return base;
}

/** The retention in force (defaults marked) and, for admins, the form that changes it. */
export function StorageRetentionForm({ view, canEdit, action }: { view: RetentionView; canEdit: boolean; action: FormAction<RetentionView> }) {
  const [state, formAction, pending] = useActionState(action, undefined);
  return (
    <div className="stack">
      <table className="list" aria-label="Retention in force">
        <thead>
          <tr><th>Data</th><th>Kept</th><th /></tr>
        </thead>
        <tbody>
          {ROWS.map(({ key, label }) => (
            <tr key={key} data-testid="retention-row" data-setting={key}>
              <td>{label}</td>
              <td data-testid="retention-value">{describeDays(view.settings[key])}</td>
              <td className="small muted">
                {view.isDefault[key] ? <span className="badge">default</span> : <>default: {describeDays(view.defaults[key])}</>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canEdit ? (
        <RetentionFields key={JSON.stringify(view.settings)} settings={view.settings} state={state} pending={pending} formAction={formAction} />
      ) : (
        <p className="muted small" data-testid="retention-read-only">Only project owners can change how long data is kept.</p>
      )}
    </div>
  );
}

function RetentionFields(props: { settings: RetentionView["settings"]; state: ActionResult<RetentionView> | undefined; pending: boolean; formAction: (form: FormData) => void }) {
  const { settings, state, pending, formAction } = props;
  const [values, setValues] = useState(() => Object.fromEntries(ROWS.map(({ key }) => [key, settings[key] === null ? "" : String(settings[key])])) as Record<RetentionKey, string>);
  const [forever, setForever] = useState(settings.rollup1dDays === null);
  const error = (key: RetentionKey) => state?.ok === false && state.fields?.[key];
  return (
    <form action={formAction} aria-label="Change retention" className="stack">
      <div className="grid-2">
        {ROWS.map(({ key, label, hint }) => (
          <div className="field" key={key} style={{ marginBottom: 0 }}>
            <label htmlFor={`retention-${key}`}>{label} (days)</label>
            <div className="row">
              <input
                id={`retention-${key}`}
                name={key}
                type="number"
                inputMode="numeric"
                min={1}
                max={36_500}
                step={1}
                required={!(key === "rollup1dDays" && forever)}
                disabled={key === "rollup1dDays" && forever}
                value={key === "rollup1dDays" && forever ? "" : values[key]}
                onChange={(e) => setValues({ ...values, [key]: e.target.value })}
                aria-invalid={error(key) ? true : undefined}
                aria-describedby={`retention-${key}-hint`}
              />
              {key === "rollup1dDays" && (
                <label className="checkbox" style={{ whiteSpace: "nowrap" }}>
                  <input type="checkbox" name="rollup1dForever" checked={forever} onChange={(e) => setForever(e.target.checked)} /> Forever
                </label>
              )}
            </div>
            <div className="hint" id={`retention-${key}-hint`}>{hint}</div>
            {error(key) && <div className="error" role="alert">{error(key)}</div>}
          </div>
        ))}
      </div>
      <div className="row">
        <button className="btn primary" type="submit" disabled={pending}>{pending ? "Saving…" : "Save retention"}</button>
        {state?.ok === false && !Object.keys(state.fields ?? {}).length && <span className="error" role="alert">{state.error}</span>}
        {state?.ok && <span className="muted small" role="status">Saved. Retention applies at the next retention run (every minute by default).</span>}
      </div>
    </form>
  );
}
