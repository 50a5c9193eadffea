"use client";

import { useId, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/types";
import { errorFor, unclaimedErrors } from "./field-errors";
import type { ChannelRow } from "./types";

const KIND_LABELS = { webhook: "Webhook (signed JSON)", slack: "Slack incoming webhook", email: "Email" } as const;

/** Recipients typed one per line or separated by commas. */
export const parseRecipients = (text: string) => text.split(/[\n,;]/).map((s) => s.trim()).filter(Boolean);

/** Create a channel, or edit one (its kind stays). Every server field error is shown beside its field. */
export function ChannelForm({ channel, onSubmit, onDone }: {
  channel: ChannelRow | null;
  onSubmit: (input: Record<string, unknown>) => Promise<ActionResult<unknown>>;
  onDone: () => void;
}) {
  const id = useId();
  const [kind, setKind] = useState<ChannelRow["kind"]>(channel?.kind ?? "webhook");
  const [name, setName] = useState(channel?.name ?? "");
  const [url, setUrl] = useState(channel?.url ?? "");
  const [to, setTo] = useState((channel?.to ?? []).join("\n"));
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const [pending, start] = useTransition();
  const fields = result?.ok === false ? result.fields : undefined;
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const target = kind === "email" ? { to: parseRecipients(to) } : { url };
    const input = channel ? { name, ...target } : { name, kind, ...target };
    start(async () => {
      const r = await onSubmit(input);
      setResult(r);
      if (r.ok) onDone();
    });
  };
  const err = (key: string) => {
    const message = errorFor(fields, key);
    return message ? <p className="error" id={`${id}-${key}-error`} data-testid={`channel-error-${key}`}>{message}</p> : null;
  };
  const others = unclaimedErrors(fields, ["name", "kind", "url", "to"]);
  return (
    <form className="alert-form card" onSubmit={submit} aria-label={channel ? `Edit channel ${channel.name}` : "New channel"} data-testid="channel-form">
      <h3>{channel ? `Edit ${channel.name}` : "New channel"}</h3>
      {result?.ok === false && (!fields || Object.keys(fields).length === 0 || others.length > 0) && (
        <div className="form-error" role="alert">{result.error}{others.length > 0 && <ul>{others.map((o) => <li key={o}>{o}</li>)}</ul>}</div>
      )}
      <div className="field">
        <label htmlFor={`${id}-kind`}>Kind</label>
        <select id={`${id}-kind`} value={kind} disabled={Boolean(channel)} onChange={(e) => setKind(e.target.value as ChannelRow["kind"])} data-testid="channel-kind">
          {Object.entries(KIND_LABELS).map(([k, label]) => <option key={k} value={k}>{label}</option>)}
        </select>
        {err("kind")}
      </div>
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} type="text" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} aria-invalid={errorFor(fields, "name") ? true : undefined} aria-describedby={`${id}-name-error`} data-testid="channel-name" />
        {err("name")}
      </div>
      {kind === "email" ? (
        <div className="field">
          <label htmlFor={`${id}-to`}>Recipients</label>
          <textarea id={`${id}-to`} rows={3} value={to} onChange={(e) => setTo(e.target.value)} placeholder={"ops@example.com\noncall@example.com"} aria-invalid={errorFor(fields, "to") ? true : undefined} aria-describedby={`${id}-to-error`} data-testid="channel-to" />
          <p className="hint">One address per line (at most 10). Sent through the SMTP server in SMTP_URL.</p>
          {err("to")}
        </div>
      ) : (
        <div className="field">
          <label htmlFor={`${id}-url`}>{kind === "slack" ? "Slack webhook URL" : "URL"}</label>
          <input id={`${id}-url`} type="text" inputMode="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder={kind === "slack" ? "https://hooks.slack.com/services/…" : "https://example.com/flux-alerts"} aria-invalid={errorFor(fields, "url") ? true : undefined} aria-describedby={`${id}-url-error`} data-testid="channel-url" />
          {kind === "webhook" && <p className="hint">Flux POSTs JSON signed with the channel&apos;s secret: X-Flux-Signature: sha256=HMAC(&quot;timestamp.body&quot;), X-Flux-Timestamp.</p>}
          {err("url")}
        </div>
      )}
      <div className="row">
        <button type="submit" className="btn primary" disabled={pending} data-testid="save-channel">{pending ? "Saving…" : channel ? "Save channel" : "Create channel"}</button>
        <button type="button" className="btn" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}
