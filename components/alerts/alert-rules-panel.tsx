"use client";

import { useState, useTransition } from "react";
import type { AlertRuleView } from "@/lib/alerts/alerts";
import { formatDateTime } from "@/lib/format/dates";
import { formatNumber } from "@/lib/format/format-value";
import { describeCondition } from "./describe-condition";
import { formatAgo, groupLabel } from "./alert-format";
import { isoToLocalInput } from "./local-time";
import { RuleForm } from "./rule-form";
import { draftFromRule, emptyDraft } from "./rule-draft";
import { useNow } from "./use-now";
import type { Act, ChannelRow } from "./types";

const MUTE_HOURS = [1, 4, 24];

/** The project's rules with their state per group; editors create, edit, mute, disable and delete them. */
export function AlertRulesPanel({ projectId, rules, channels, canEdit, create, update, remove }: {
  projectId: string;
  rules: AlertRuleView[];
  channels: ChannelRow[];
  canEdit: boolean;
  create: Act<[input: unknown]>;
  update: Act<[id: string, input: unknown]>;
  remove: Act<[id: string]>;
}) {
  const [editing, setEditing] = useState<string | "new" | null>(null);
  return (
    <div className="stack">
      {rules.length === 0 && <p className="muted">No rules yet{canEdit ? ": a rule watches a threshold, an anomaly or missing data and notifies its channels." : "."}</p>}
      {rules.map((r) =>
        editing === r.id ? (
          <RuleForm key={r.id} projectId={projectId} title={`Edit ${r.name}`} channels={channels} initial={draftFromRule(r, isoToLocalInput)} onSubmit={(input) => update(r.id, input)} onDone={() => setEditing(null)} />
        ) : (
          <RuleCard key={r.id} rule={r} channels={channels} canEdit={canEdit} onEdit={() => setEditing(r.id)} update={update} remove={remove} />
        ),
      )}
      {canEdit ? (
        editing === "new" ? (
          <RuleForm projectId={projectId} title="New rule" channels={channels} initial={emptyDraft()} onSubmit={(input) => create(input)} onDone={() => setEditing(null)} />
        ) : (
          <div><button type="button" className="btn primary" onClick={() => setEditing("new")} data-testid="new-rule">New rule</button></div>
        )
      ) : (
        <p className="muted small" data-testid="rules-read-only">Your role can see alert rules but not change them.</p>
      )}
    </div>
  );
}

function RuleCard({ rule: r, channels, canEdit, onEdit, update, remove }: {
  rule: AlertRuleView;
  channels: ChannelRow[];
  canEdit: boolean;
  onEdit: () => void;
  update: Act<[id: string, input: unknown]>;
  remove: Act<[id: string]>;
}) {
  const now = useNow();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = (fn: () => ReturnType<Act<[]>>) =>
    start(async () => {
      setError(null);
      const result = await fn();
      if (!result.ok) setError(Object.values(result.fields ?? {})[0] ?? result.error);
    });
  const muted = r.mutedUntil !== null && Date.parse(r.mutedUntil) > now;
  const sendsTo = r.channelIds.map((id) => channels.find((c) => c.id === id)?.name ?? "a deleted channel");
  return (
    <section className="card" id={`rule-${r.id}`} data-testid="rule-card" data-rule-name={r.name} aria-label={`Rule ${r.name}`}>
      <div className="row wrap">
        <h3 style={{ margin: 0 }}>{r.name}</h3>
        <span className={`severity ${r.severity}`}>{r.severity}</span>
        {!r.enabled && <span className="badge" data-testid="rule-disabled">disabled</span>}
        {muted && <span className="badge" data-testid="rule-muted" title={formatDateTime(r.mutedUntil!)}>muted until {formatDateTime(r.mutedUntil!)}</span>}
        <div className="spacer" />
        {canEdit && (
          <div className="row wrap" style={{ gap: 6 }}>
            <button type="button" className="btn small" disabled={pending} onClick={() => run(() => update(r.id, { enabled: !r.enabled }))} data-testid="toggle-enabled">{r.enabled ? "Disable" : "Enable"}</button>
            {muted ? (
              <button type="button" className="btn small" disabled={pending} onClick={() => run(() => update(r.id, { mutedUntil: null }))} data-testid="unmute">Unmute</button>
            ) : (
              MUTE_HOURS.map((h) => (
                <button key={h} type="button" className="btn small" disabled={pending} onClick={() => run(() => update(r.id, { mutedUntil: new Date(Date.now() + h * 3_600_000).toISOString() }))} data-testid={`mute-${h}h`}>Mute {h} h</button>
              ))
            )}
            <button type="button" className="btn small" onClick={onEdit} data-testid="edit-rule">Edit</button>
            <button type="button" className="btn small danger" disabled={pending} onClick={() => { if (confirm(`Delete the rule "${r.name}" and its history?`)) run(() => remove(r.id)); }}>Delete</button>
          </div>
        )}
      </div>
      <p className="small" data-testid="rule-condition">{describeCondition(r.condition)}</p>
      <p className="small muted">
        {sendsTo.length ? `Notifies ${sendsTo.join(", ")}` : "Notifies no channel (shown in the header only)"}
        {r.renotifyMinutes !== null ? `; again every ${r.renotifyMinutes} min while firing` : ""}
      </p>
      {error && <p className="form-error" role="alert">{error}</p>}
      <table className="list alert-rows" aria-label={`States of ${r.name}`}>
        <thead><tr><th>Group</th><th>State</th><th>Since</th><th>Last value</th><th>Message</th></tr></thead>
        <tbody>
          {r.states.length === 0 && <tr><td colSpan={5} className="muted small">Not evaluated yet{r.enabled ? "" : " (disabled)"}.</td></tr>}
          {r.states.map((s) => (
            <tr key={s.groupKey} data-testid="rule-state" data-state={s.state} data-group={s.groupKey}>
              <td>{groupLabel(s.group) || <span className="muted">all</span>}</td>
              <td><span className={`alert-state ${s.state}`}>{s.state.replace("_", " ")}</span></td>
              <td className="small" title={formatDateTime(s.since)}>{formatAgo(s.since, now)}</td>
              <td>{s.lastValue === null ? "–" : formatNumber(s.lastValue)}</td>
              <td className="small">{s.message ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
