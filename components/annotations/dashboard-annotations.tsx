"use client";

import { useEffect, useRef, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { WidgetRange } from "@/lib/dashboards/schema";
import type { AnnotationView } from "@/lib/annotations/annotation-schemas";
import { rangeBounds } from "@/lib/query/resolve-range";
import { ApiFailed } from "@/components/api/project-api";
import { fetchAnnotations, postAnnotation, removeAnnotation } from "./annotation-api";
import { draftBody, wallTimeText, type AnnotationDraft } from "./annotation-form";
import { annotationsKey } from "./overlay-scope";

/** The visible range as ISO bounds, now; null when the range cannot be read. */
function visibleWindow(range: WidgetRange, timezone: string): { from: string; to: string } | null {
  try {
    const { from, to } = rangeBounds(range, timezone, Date.now());
    return to >= from ? { from: new Date(from).toISOString(), to: new Date(to).toISOString() } : null;
  } catch {
    return null;
  }
}

/**
 * The dashboard toolbar's "Annotate" button: a dialog to mark a deploy, launch or incident (a
 * moment, or a span with an end) and to list, and for those who can write delete, the
 * annotations of the range on screen. Graphs redraw their markers after each change.
 */
export function DashboardAnnotations({ projectId, range, timezone, canWrite }: { projectId: string; range: WidgetRange; timezone: string; canWrite: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn small" data-testid="annotate" onClick={() => setOpen(true)}>
        {canWrite ? "Annotate" : "Annotations"}
      </button>
      {open && <AnnotationsDialog projectId={projectId} range={range} timezone={timezone} canWrite={canWrite} onClose={() => setOpen(false)} />}
    </>
  );
}

function AnnotationsDialog({ projectId, range, timezone, canWrite, onClose }: { projectId: string; range: WidgetRange; timezone: string; canWrite: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const client = useQueryClient();
  const [window] = useState(() => visibleWindow(range, timezone));
  const list = useQuery({
    queryKey: [...annotationsKey(projectId), "dialog", window?.from, window?.to],
    queryFn: () => fetchAnnotations(projectId, window!),
    enabled: window !== null,
  });
  const [deleting, setDeleting] = useState<string | null>(null);
  const [listError, setListError] = useState<string | null>(null);

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  const refresh = () => client.invalidateQueries({ queryKey: annotationsKey(projectId) });
  const remove = async (a: AnnotationView) => {
    if (!confirm(`Delete the annotation "${a.title}"?`)) return;
    setDeleting(a.id);
    setListError(null);
    try {
      await removeAnnotation(projectId, a.id);
      await refresh();
    } catch (error) {
      setListError(`Not deleted: ${(error as Error).message}`);
    } finally {
      setDeleting(null);
    }
  };
  const when = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

  return (
    <dialog ref={dialog} className="dialog annotations-dialog" data-testid="annotations-dialog" aria-labelledby="annotations-title" onClose={onClose}>
      <div className="stack">
        <div className="row">
          <h2 id="annotations-title">Annotations</h2>
          <div className="spacer" />
          <button type="button" className="btn small" onClick={() => dialog.current?.close()}>Close</button>
        </div>
        {canWrite && <AnnotationForm projectId={projectId} timezone={timezone} onCreated={refresh} />}
        <h3>In the range on screen</h3>
        {listError && <p className="form-error" role="alert">{listError}</p>}
        {list.isLoading ? (
          <p className="muted small">Loading…</p>
        ) : list.error ? (
          <p className="form-error" role="alert">Could not load annotations: {(list.error as Error).message}</p>
        ) : (list.data ?? []).length === 0 ? (
          <p className="muted small" data-testid="annotations-empty">No annotations in this range.</p>
        ) : (
          <ul className="annotation-list" data-testid="annotation-list">
            {(list.data ?? []).map((a) => (
              <li key={a.id} className="annotation-row" data-testid="annotation-row" data-annotation-id={a.id}>
                <div className="annotation-text">
                  <strong className="annotation-title">{a.title}</strong>
                  <span className="small muted">
                    {when.format(new Date(a.startsAt))}
                    {a.endsAt ? ` – ${when.format(new Date(a.endsAt))}` : ""}
                    {a.createdBy ? ` · ${a.createdBy}` : ""}
                  </span>
                  {a.tags.length > 0 && <span className="small">{a.tags.map((t) => <span key={t} className="tag">{t}</span>)}</span>}
                  {a.description && <span className="small muted annotation-description">{a.description}</span>}
                </div>
                {canWrite && (
                  <button type="button" className="btn small danger" disabled={deleting === a.id} onClick={() => void remove(a)} aria-label={`Delete ${a.title}`}>
                    {deleting === a.id ? "Deleting…" : "Delete"}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </dialog>
  );
}

const FIELDS: (keyof AnnotationDraft)[] = ["title", "startsAt", "endsAt", "tags", "description"];

function AnnotationForm({ projectId, timezone, onCreated }: { projectId: string; timezone: string; onCreated: () => Promise<unknown> }) {
  const fresh = (): AnnotationDraft => ({ title: "", startsAt: wallTimeText(Date.now(), timezone), endsAt: "", tags: "", description: "" });
  const [draft, setDraft] = useState<AnnotationDraft>(fresh);
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const set = (field: keyof AnnotationDraft) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setDraft((d) => ({ ...d, [field]: e.target.value }));
  const error = (field: keyof AnnotationDraft) => (problem?.field === field ? problem.message : null);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setAdded(null);
    const made = draftBody(draft, timezone);
    if ("field" in made) return setProblem(made);
    setSaving(true);
    setProblem(null);
    try {
      const created = await postAnnotation(projectId, made.body);
      setDraft(fresh());
      setAdded(created.title);
      await onCreated();
    } catch (err) {
      const detail = err instanceof ApiFailed ? err.details.find((d) => FIELDS.includes(d.field.split(".")[0] as keyof AnnotationDraft)) : undefined;
      setProblem(detail ? { field: detail.field.split(".")[0], message: detail.message } : { field: "form", message: `Not added: ${(err as Error).message}` });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="stack annotation-form" onSubmit={(e) => void submit(e)} noValidate data-testid="annotation-form">
      <div className="field">
        <label htmlFor="annotation-title">Title</label>
        <input id="annotation-title" value={draft.title} onChange={set("title")} maxLength={200} placeholder="Deploy v2.3, Product Hunt launch, incident…" aria-invalid={Boolean(error("title"))} />
        {error("title") && <span className="error">{error("title")}</span>}
      </div>
      <div className="row wrap">
        <div className="field">
          <label htmlFor="annotation-starts">When ({timezone})</label>
          <input id="annotation-starts" type="datetime-local" value={draft.startsAt} onChange={set("startsAt")} aria-invalid={Boolean(error("startsAt"))} />
          {error("startsAt") && <span className="error">{error("startsAt")}</span>}
        </div>
        <div className="field">
          <label htmlFor="annotation-ends">Until (optional, for a span)</label>
          <input id="annotation-ends" type="datetime-local" value={draft.endsAt} onChange={set("endsAt")} aria-invalid={Boolean(error("endsAt"))} />
          {error("endsAt") && <span className="error">{error("endsAt")}</span>}
        </div>
      </div>
      <div className="field">
        <label htmlFor="annotation-tags">Tags (comma or space separated)</label>
        <input id="annotation-tags" value={draft.tags} onChange={set("tags")} placeholder="deploy, api" aria-invalid={Boolean(error("tags"))} />
        {error("tags") && <span className="error">{error("tags")}</span>}
      </div>
      <div className="field">
        <label htmlFor="annotation-description">Description (optional)</label>
        <textarea id="annotation-description" rows={2} value={draft.description} onChange={set("description")} maxLength={2000} />
        {error("description") && <span className="error">{error("description")}</span>}
      </div>
      {problem?.field === "form" && <p className="form-error" role="alert">{problem.message}</p>}
      <div className="row">
        <button type="submit" className="btn primary small" disabled={saving} data-testid="annotation-submit">{saving ? "Adding…" : "Add annotation"}</button>
        {added && <span className="small" role="status">Added “{added}”.</span>}
      </div>
    </form>
  );
}
