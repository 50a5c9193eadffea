"use client";

import { useEffect, useRef, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { CreatedShareLink } from "@/lib/sharing/share-link-schemas";
import { LABEL_MAX, PASSWORD_MIN } from "@/lib/sharing/share-link-schemas";
import { ApiFailed } from "@/components/api/project-api";
import { fetchShareLinks, postShareLink, shareLinksKey } from "./share-links-api";
import { ShareLinksTable } from "./share-links-table";
import { EXPIRY_CHOICES, LOOKBACK_CHOICES, embedSnippet, emptyShareDraft, shareLinkBody, shareUrl, type ExpiryChoice, type ShareDraft } from "./share-dialog-form";

/** The dashboard page's "Share" button (editors only) and its dialog. */
export function ShareDashboard({ projectId, dashboardId, dashboardName }: { projectId: string; dashboardId: string; dashboardName: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn small" data-testid="share-dashboard" onClick={() => setOpen(true)}>
        Share
      </button>
      {open && <ShareDialog projectId={projectId} dashboardId={dashboardId} dashboardName={dashboardName} onClose={() => setOpen(false)} />}
    </>
  );
}

function ShareDialog({ projectId, dashboardId, dashboardName, onClose }: { projectId: string; dashboardId: string; dashboardName: string; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  // Fresh on every opening: views and revocations happen elsewhere.
  const list = useQuery({ queryKey: shareLinksKey(projectId, dashboardId), queryFn: () => fetchShareLinks(projectId, dashboardId), staleTime: 0 });
  const [created, setCreated] = useState<CreatedShareLink | null>(null);

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  return (
    <dialog ref={dialog} className="dialog" style={{ maxWidth: 1000, width: "96vw" }} data-testid="share-dialog" aria-labelledby="share-title" onClose={onClose}>
      <div className="stack">
        <div className="row">
          <h2 id="share-title" style={{ margin: 0 }}>Share “{dashboardName}”</h2>
          <div className="spacer" />
          <button type="button" className="btn small" onClick={() => dialog.current?.close()}>Close</button>
        </div>
        <p className="muted small" style={{ margin: 0 }}>
          Anyone with a link sees this dashboard read-only, live, without signing in, and nothing else of the project.
        </p>
        {created ? <CreatedLink link={created} dashboardName={dashboardName} onAnother={() => setCreated(null)} /> : <ShareForm projectId={projectId} dashboardId={dashboardId} onCreated={setCreated} />}
        <h3 style={{ margin: 0 }}>Links to this dashboard</h3>
        {list.isLoading ? (
          <p className="muted small">Loading…</p>
        ) : list.error ? (
          <p className="form-error" role="alert">Could not load share links: {(list.error as Error).message}</p>
        ) : (
          <ShareLinksTable projectId={projectId} links={list.data ?? []} />
        )}
      </div>
    </dialog>
  );
}

/**
 * Copies a field of this dialog. Without the Clipboard API (plain http off localhost) the
 * fallback selects the field itself: a modal dialog makes the rest of the page inert, so the
 * usual off-screen textarea outside it could not be selected and would copy nothing.
 */
function CopyField({ field, label }: { field: React.RefObject<HTMLInputElement | HTMLTextAreaElement | null>; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    const el = field.current;
    if (!el) return;
    let ok = false;
    try {
      if (navigator.clipboard) {
        await navigator.clipboard.writeText(el.value);
        ok = true;
      }
    } catch {
      // Denied: fall back to selecting the field.
    }
    if (!ok) {
      el.focus();
      el.select();
      try {
        ok = document.execCommand("copy");
      } catch {
        ok = false;
      }
    }
    setState(ok ? "copied" : "failed");
    setTimeout(() => setState("idle"), ok ? 1500 : 4000);
  };
  return (
    <button type="button" className="btn small" aria-label={label} onClick={() => void copy()} title={state === "failed" ? "Copying is blocked here: select the text and copy it" : undefined}>
      <span aria-live="polite">{state === "copied" ? "Copied" : state === "failed" ? "Select and copy" : "Copy"}</span>
    </button>
  );
}

/** The link, shown this once: only its hash is kept. */
function CreatedLink({ link, dashboardName, onAnother }: { link: CreatedShareLink; dashboardName: string; onAnother: () => void }) {
  const url = shareUrl(window.location.origin, link.path);
  const snippet = embedSnippet(url, dashboardName);
  const select = (e: React.FocusEvent<HTMLInputElement | HTMLTextAreaElement>) => e.currentTarget.select();
  const urlField = useRef<HTMLInputElement>(null);
  const snippetField = useRef<HTMLTextAreaElement>(null);
  return (
    <div className="notice stack" role="status" data-testid="share-created">
      <p style={{ margin: 0 }}>
        <strong>Copy this link now.</strong> It is shown only once: Flux keeps only a hash of it. Lost it? Revoke it and create another.
      </p>
      <div className="field">
        <label htmlFor="share-url">Link “{link.label}”</label>
        <div className="row">
          <input ref={urlField} id="share-url" data-testid="share-url" readOnly value={url} onFocus={select} style={{ flex: 1, fontFamily: "var(--mono)" }} />
          <CopyField field={urlField} label="Copy the link" />
        </div>
      </div>
      <div className="field">
        <label htmlFor="share-embed">Embed in another page</label>
        <div className="row" style={{ alignItems: "flex-start" }}>
          <textarea ref={snippetField} id="share-embed" data-testid="share-embed-snippet" readOnly rows={3} value={snippet} onFocus={select} style={{ flex: 1, fontFamily: "var(--mono)", fontSize: 12 }} />
          <CopyField field={snippetField} label="Copy the embed snippet" />
        </div>
      </div>
      <div>
        <button type="button" className="btn small" data-testid="share-another" onClick={onAnother}>Create another link</button>
      </div>
    </div>
  );
}

const FIELDS: Record<string, keyof ShareDraft> = { label: "label", expiresAt: "expiryDate", password: "password", allowRangeChange: "allowRangeChange", maxLookbackDays: "lookbackDays" };

function ShareForm({ projectId, dashboardId, onCreated }: { projectId: string; dashboardId: string; onCreated: (link: CreatedShareLink) => void }) {
  const client = useQueryClient();
  const [draft, setDraft] = useState<ShareDraft>(emptyShareDraft);
  const [problem, setProblem] = useState<{ field: keyof ShareDraft | "form"; message: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof ShareDraft>(field: K, value: ShareDraft[K]) => setDraft((d) => ({ ...d, [field]: value }));
  const error = (field: keyof ShareDraft) => (problem?.field === field ? problem.message : null);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const made = shareLinkBody(draft);
    if ("field" in made) return setProblem(made);
    setSaving(true);
    setProblem(null);
    try {
      const link = await postShareLink(projectId, dashboardId, made.body);
      await client.invalidateQueries({ queryKey: shareLinksKey(projectId) });
      onCreated(link);
    } catch (err) {
      const detail = err instanceof ApiFailed ? err.details.find((d) => FIELDS[d.field]) : undefined;
      setProblem(detail ? { field: FIELDS[detail.field], message: detail.message } : { field: "form", message: `Not created: ${(err as Error).message}` });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate data-testid="share-form">
      <div className="row wrap" style={{ alignItems: "flex-start" }}>
        <div className="field" style={{ flex: "2 1 240px" }}>
          <label htmlFor="share-label">Label</label>
          <input id="share-label" data-testid="share-label" value={draft.label} maxLength={LABEL_MAX} onChange={(e) => set("label", e.target.value)} placeholder="Wall screen, investors, status page…" aria-invalid={Boolean(error("label"))} />
          {error("label") && <span className="error">{error("label")}</span>}
        </div>
        <div className="field" style={{ flex: "1 1 160px" }}>
          <label htmlFor="share-expiry">Expires</label>
          <select id="share-expiry" data-testid="share-expiry" value={draft.expiry} onChange={(e) => set("expiry", e.target.value as ExpiryChoice)}>
            {EXPIRY_CHOICES.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
          </select>
          {draft.expiry === "date" && (
            <input type="date" aria-label="Expiry day" data-testid="share-expiry-date" value={draft.expiryDate} onChange={(e) => set("expiryDate", e.target.value)} aria-invalid={Boolean(error("expiryDate"))} />
          )}
          {error("expiryDate") && <span className="error">{error("expiryDate")}</span>}
        </div>
        <div className="field" style={{ flex: "1 1 200px" }}>
          <label htmlFor="share-password">Password (optional)</label>
          <input id="share-password" data-testid="share-password" type="password" autoComplete="new-password" value={draft.password} onChange={(e) => set("password", e.target.value)} aria-invalid={Boolean(error("password"))} />
          <span className="hint small muted">At least {PASSWORD_MIN} characters; visitors type it once per browser.</span>
          {error("password") && <span className="error">{error("password")}</span>}
        </div>
      </div>
      <div className="row wrap">
        <label className="checkbox">
          <input type="checkbox" data-testid="share-allow-range" checked={draft.allowRangeChange} onChange={(e) => set("allowRangeChange", e.target.checked)} />
          Viewers may change the time range
        </label>
        {draft.allowRangeChange && (
          <label className="checkbox">
            as far back as
            <select data-testid="share-lookback" value={draft.lookbackDays} onChange={(e) => set("lookbackDays", e.target.value)} aria-label="As far back as">
              {LOOKBACK_CHOICES.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
            </select>
          </label>
        )}
        {error("lookbackDays") && <span className="error">{error("lookbackDays")}</span>}
      </div>
      {problem?.field === "form" && <p className="form-error" role="alert">{problem.message}</p>}
      <div>
        <button type="submit" className="btn primary small" disabled={saving} data-testid="share-create">{saving ? "Creating…" : "Create link"}</button>
      </div>
    </form>
  );
}
