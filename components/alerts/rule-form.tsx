"use client";

import { useId, useState, useTransition } from "react";
import { RULE_SEVERITIES } from "@/lib/alerts/alert-schemas";
import type { ActionResult } from "@/lib/actions/types";
import { errorFor, unclaimedErrors } from "./field-errors";
import { localInputToIso } from "./local-time";
import { RuleConditionFields } from "./rule-condition-fields";
import { ruleInputFromDraft, type RuleDraft } from "./rule-draft";
import type { ChannelRow } from "./types";

const KINDS = [
  { kind: "threshold", label: "Threshold", hint: "A query (formulas too) above or below a value over a window" },
  { kind: "anomaly", label: "Anomaly", hint: "Flux finds an anomaly on a metric or event" },
  { kind: "no_data", label: "No data", hint: "A metric or event stops arriving" },
] as const;

const CLAIMED = ["name", "severity", "channelIds", "renotifyMinutes", "mutedUntil", "enabled", "condition"];

/** Create or edit a rule. The input is validated by the server's schema; each error shows beside its field. */
export function RuleForm({ projectId, initial, channels, title, onSubmit, onDone }: {
  projectId: string;
  initial: RuleDraft;
  channels: ChannelRow[];
  title: string;
  onSubmit: (input: Record<string, unknown>) => Promise<ActionResult<unknown>>;
  onDone: () => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState(initial);
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const [pending, start] = useTransition();
  const set = (patch: Partial<RuleDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const fields = result?.ok === false ? result.fields : undefined;
  const err = (key: string) => {
    const message = errorFor(fields, key);
    return message ? <p className="error" data-testid={`rule-error-${key}`}>{message}</p> : null;
  };
  const others = unclaimedErrors(fields, CLAIMED);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    start(async () => {
      const r = await onSubmit(ruleInputFromDraft(draft, localInputToIso));
      setResult(r);
      if (r.ok) onDone();
    });
  };
  return (
    <form className="alert-form card stack" onSubmit={submit} aria-label={title} data-testid="rule-form">
      <h3>{title}</h3>
      {result?.ok === false && (!fields || Object.keys(fields).length === 0 || others.length > 0) && (
        <div className="form-error" role="alert">{result.error}{others.length > 0 && <ul>{others.map((o) => <li key={o}>{o}</li>)}</ul>}</div>
      )}
      <div className="row wrap" style={{ alignItems: "flex-start" }}>
        <div className="field" style={{ flex: 2, minWidth: 220 }}>
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} type="text" maxLength={100} value={draft.name} onChange={(e) => set({ name: e.target.value })} aria-invalid={errorFor(fields, "name") ? true : undefined} data-testid="rule-name" />
          {err("name")}
        </div>
        <div className="field" style={{ flex: 1, minWidth: 140 }}>
          <label htmlFor={`${id}-severity`}>Severity</label>
          <select id={`${id}-severity`} value={draft.severity} onChange={(e) => set({ severity: e.target.value as RuleDraft["severity"] })} data-testid="rule-severity">
            {RULE_SEVERITIES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
          {err("severity")}
        </div>
      </div>
      <fieldset>
        <legend className="small">Fires on</legend>
        <div className="type-picker" role="radiogroup" aria-label="Rule kind">
          {KINDS.map((k) => (
            <button key={k.kind} type="button" role="radio" aria-checked={draft.kind === k.kind} title={k.hint} className={draft.kind === k.kind ? "selected" : ""} onClick={() => set({ kind: k.kind })} data-testid={`rule-kind-${k.kind}`}>
              {k.label}
            </button>
          ))}
        </div>
        <p className="hint small muted">{KINDS.find((k) => k.kind === draft.kind)?.hint}</p>
        <RuleConditionFields projectId={projectId} draft={draft} set={set} fields={fields} />
      </fieldset>
      <fieldset>
        <legend className="small">Notify</legend>
        {channels.length === 0 ? (
          <p className="small muted">No channels yet: the rule still shows in the header and on dashboards while it fires.</p>
        ) : (
          <div role="group" aria-label="Channels">
            {channels.map((c) => (
              <label key={c.id} className="checkbox">
                <input type="checkbox" checked={draft.channelIds.includes(c.id)} data-testid="rule-channel" data-channel-name={c.name}
                  onChange={(e) => set({ channelIds: e.target.checked ? [...draft.channelIds, c.id] : draft.channelIds.filter((x) => x !== c.id) })} />
                {c.name} <span className="small muted">({c.kind})</span>
              </label>
            ))}
          </div>
        )}
        {err("channelIds")}
        <div className="row wrap" style={{ alignItems: "flex-start", marginTop: 10 }}>
          <div className="field">
            <label htmlFor={`${id}-renotify`}>Re-notify every (minutes)</label>
            <input id={`${id}-renotify`} type="text" inputMode="numeric" placeholder="never" value={draft.renotify} onChange={(e) => set({ renotify: e.target.value })} aria-invalid={errorFor(fields, "renotifyMinutes") ? true : undefined} data-testid="rule-renotify" />
            <p className="hint">While it keeps firing; empty: only on changes.</p>
            {err("renotifyMinutes")}
          </div>
          <div className="field">
            <label htmlFor={`${id}-muted`}>Mute until</label>
            <input id={`${id}-muted`} type="datetime-local" value={draft.mutedUntil} onChange={(e) => set({ mutedUntil: e.target.value })} aria-invalid={errorFor(fields, "mutedUntil") ? true : undefined} data-testid="rule-muted-until" />
            <p className="hint">Your local time. Evaluated and shown, but nothing is sent.</p>
            {err("mutedUntil")}
          </div>
        </div>
        <label className="checkbox"><input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} data-testid="rule-enabled" /> Enabled</label>
        {err("enabled")}
      </fieldset>
      <div className="row">
        <button type="submit" className="btn primary" disabled={pending} data-testid="save-rule">{pending ? "Saving…" : "Save rule"}</button>
        <button type="button" className="btn" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}
