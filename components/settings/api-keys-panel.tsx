"use client";

import { useActionState } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { formatDateTime } from "@/lib/format/dates";
import type { FormAction } from "./types";

interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function ApiKeysPanel({ keys, createAction, revokeAction }: { keys: KeyRow[]; createAction: FormAction<{ key: string }>; revokeAction: FormAction }) {
  const [created, create, creating] = useActionState(createAction, undefined);
  return (
    <div className="stack">
      <form action={create} className="stack" aria-label="Create API key">
        <div className="row wrap" style={{ alignItems: "flex-end" }}>
          <div className="field" style={{ flex: 1, minWidth: 200, marginBottom: 0 }}>
            <label htmlFor="key-name">Key name</label>
            <input id="key-name" name="name" type="text" placeholder="Production backend" required maxLength={100} />
          </div>
          <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
            <legend className="small muted">Scopes</legend>
            <label className="checkbox"><input type="checkbox" name="scopes" value="ingest" defaultChecked /> ingest</label>
            <label className="checkbox"><input type="checkbox" name="scopes" value="read" /> read</label>
            <label className="checkbox"><input type="checkbox" name="scopes" value="admin" /> admin</label>
          </fieldset>
          <button className="btn primary" type="submit" disabled={creating}>{creating ? "Creating…" : "Create key"}</button>
        </div>
        {created?.ok === false && <p className="form-error" role="alert">{created.fields?.name ?? created.fields?.scopes ?? created.error}</p>}
        {created?.ok && (
          <div className="notice" role="status">
            <strong>Copy this key now.</strong> It is shown only once and stored only as a hash.
            <div className="row" style={{ marginTop: 8 }}>
              <div className="secret" data-testid="new-api-key" style={{ flex: 1 }}>{created.data.key}</div>
              <CopyButton text={created.data.key} label="Copy the key" />
            </div>
          </div>
        )}
      </form>
      <table className="list" aria-label="API keys">
        <thead>
          <tr><th>Name</th><th>Key</th><th>Scopes</th><th>Created</th><th>Last used</th><th /></tr>
        </thead>
        <tbody>
          {keys.length === 0 && (
            <tr><td colSpan={6} className="muted">No keys yet. Create one to send data or query the API.</td></tr>
          )}
          {keys.map((k) => (
            <tr key={k.id} data-testid="api-key-row" data-key-name={k.name}>
              <td>{k.name}</td>
              <td><code>{k.prefix}…</code></td>
              <td>{k.scopes.map((s) => <span key={s} className="badge" style={{ marginRight: 4 }}>{s}</span>)}</td>
              <td className="small">{formatDateTime(k.createdAt)}</td>
              <td className="small">{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : <span className="muted">never</span>}</td>
              <td style={{ textAlign: "right" }}>
                {k.revokedAt ? <span className="badge bad">revoked</span> : <RevokeButton keyId={k.id} name={k.name} action={revokeAction} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RevokeButton({ keyId, name, action }: { keyId: string; name: string; action: FormAction }) {
  const [state, revoke, pending] = useActionState(action, undefined);
  return (
    <form action={revoke} onSubmit={(e) => { if (!confirm(`Revoke "${name}"? Clients using it stop working at once.`)) e.preventDefault(); }}>
      <input type="hidden" name="keyId" value={keyId} />
      <button className="btn small danger" type="submit" disabled={pending}>Revoke</button>
      {state?.ok === false && <span className="small" style={{ color: "var(--bad)" }}>{state.error}</span>}
    </form>
  );
}
