"use client";

import { useState, useTransition } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { ChannelForm } from "./channel-form";
import type { Act, ChannelRow, TestOutcome } from "./types";

/**
 * The project's channels. Admins create, edit, delete and test them and see where each sends
 * (URL, recipients) and the webhook's signing secret; other members see names and kinds only.
 */
export function AlertChannelsPanel({ channels, canManage, create, update, remove, sendTest }: {
  channels: ChannelRow[];
  canManage: boolean;
  create: Act<[input: unknown]>;
  update: Act<[id: string, input: unknown]>;
  remove: Act<[id: string]>;
  sendTest: Act<[id: string], TestOutcome>;
}) {
  const [editing, setEditing] = useState<string | "new" | null>(null);
  return (
    <div className="stack">
      <table className="list alert-rows" aria-label="Alert channels">
        <thead>
          <tr><th>Name</th><th>Kind</th>{canManage && <th>Sends to</th>}<th /></tr>
        </thead>
        <tbody>
          {channels.length === 0 && <tr><td colSpan={4} className="muted">No channels yet{canManage ? ": add a webhook, Slack or email channel, then pick it in a rule." : "."}</td></tr>}
          {channels.map((c) =>
            editing === c.id ? (
              <tr key={c.id}><td colSpan={4}><ChannelForm channel={c} onSubmit={(input) => update(c.id, input)} onDone={() => setEditing(null)} /></td></tr>
            ) : (
              <ChannelRowView key={c.id} channel={c} canManage={canManage} onEdit={() => setEditing(c.id)} update={update} remove={remove} sendTest={sendTest} />
            ),
          )}
        </tbody>
      </table>
      {canManage ? (
        editing === "new" ? (
          <ChannelForm channel={null} onSubmit={(input) => create(input)} onDone={() => setEditing(null)} />
        ) : (
          <div><button type="button" className="btn primary" onClick={() => setEditing("new")} data-testid="new-channel">New channel</button></div>
        )
      ) : (
        <p className="muted small" data-testid="channels-read-only">Only project owners manage channels: they hold URLs and signing secrets.</p>
      )}
    </div>
  );
}

function ChannelRowView({ channel: c, canManage, onEdit, update, remove, sendTest }: {
  channel: ChannelRow;
  canManage: boolean;
  onEdit: () => void;
  update: Act<[id: string, input: unknown]>;
  remove: Act<[id: string]>;
  sendTest: Act<[id: string], TestOutcome>;
}) {
  const [test, setTest] = useState<{ text: string; ok: boolean } | null>(null);
  const [showSecret, setShowSecret] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const runTest = () =>
    start(async () => {
      setTest(null);
      const r = await sendTest(c.id);
      if (!r.ok) return setTest({ ok: false, text: `Not sent: ${r.error}` });
      const { status, responseStatus, error: reason } = r.data;
      const code = responseStatus === null ? "" : ` (HTTP ${responseStatus})`;
      setTest(status === "delivered" ? { ok: true, text: `Delivered${code}` } : { ok: false, text: `Failed${code}: ${reason ?? "no reason given"}` });
    });
  const rotate = () => {
    if (!confirm(`Give "${c.name}" a new signing secret? Receivers must be given it: messages signed with the old one stop verifying.`)) return;
    start(async () => {
      const r = await update(c.id, { rotateSecret: true });
      setError(r.ok ? null : r.error);
    });
  };
  const del = () => {
    if (!confirm(`Delete the channel "${c.name}"? Rules that send to it stop sending there.`)) return;
    start(async () => {
      const r = await remove(c.id);
      if (!r.ok) setError(r.error);
    });
  };
  return (
    <tr data-testid="channel-row" data-channel-name={c.name} id={`channel-${c.id}`}>
      <td>{c.name}</td>
      <td><span className="badge">{c.kind}</span></td>
      {canManage && (
        <td className="small">
          {c.kind === "email" ? (c.to ?? []).join(", ") : <code>{c.url}</code>}
          {c.kind === "webhook" && c.secret && (
            <div className="row wrap" style={{ marginTop: 4, gap: 6 }}>
              <span className="muted">Signing secret:</span>
              <code data-testid="channel-secret">{showSecret ? c.secret : `${c.secret.slice(0, 10)}…`}</code>
              <button type="button" className="btn small ghost" onClick={() => setShowSecret(!showSecret)}>{showSecret ? "Hide" : "Show"}</button>
              <CopyButton text={c.secret} label={`Copy the signing secret of ${c.name}`} />
              <button type="button" className="btn small ghost" onClick={rotate} disabled={pending} data-testid="rotate-secret">Rotate</button>
            </div>
          )}
        </td>
      )}
      <td>
        {canManage && (
          <div className="row wrap" style={{ justifyContent: "flex-end", gap: 6 }}>
            <button type="button" className="btn small" onClick={runTest} disabled={pending} data-testid="send-test">{pending ? "Sending…" : "Send test"}</button>
            <button type="button" className="btn small" onClick={onEdit}>Edit</button>
            <button type="button" className="btn small danger" onClick={del} disabled={pending}>Delete</button>
          </div>
        )}
        {test && <p className={`small test-result ${test.ok ? "good" : "bad"}`} role="status" data-testid="test-result" data-ok={test.ok}>{test.text}</p>}
        {error && <p className="form-error" role="alert">{error}</p>}
      </td>
    </tr>
  );
}
