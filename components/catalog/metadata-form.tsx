"use client";

import { useActionState, useState } from "react";
import { directionOf } from "./catalog-widget-config";
import type { CatalogMetadata, FormAction } from "./types";

const DIRECTION_TEXT = { higher: "Higher is better", lower: "Lower is better", "": "Not set" } as const;

/** Read-only for viewers: every value is text, whatever it holds. */
export function MetadataView({ metadata }: { metadata: CatalogMetadata }) {
  const none = <span className="muted">Not set</span>;
  return (
    <dl className="catalog-facts" data-testid="catalog-metadata">
      <dt>Display name</dt>
      <dd data-field="displayName">{metadata.displayName ?? none}</dd>
      <dt>Unit</dt>
      <dd data-field="unit">{metadata.unit ?? none}</dd>
      <dt>Description</dt>
      <dd data-field="description" className="catalog-description">{metadata.description ?? none}</dd>
      <dt>Direction</dt>
      <dd data-field="direction">{DIRECTION_TEXT[directionOf(metadata.higherIsBetter)]}</dd>
    </dl>
  );
}

/** Editors change what people see about a metric or event; an empty field clears it. */
export function MetadataForm({ metadata, action }: { metadata: CatalogMetadata; action: FormAction }) {
  const [state, formAction, pending] = useActionState(action, undefined);
  // Controlled, so a refused save keeps what was typed (React resets uncontrolled fields).
  const [values, setValues] = useState({
    displayName: metadata.displayName ?? "",
    unit: metadata.unit ?? "",
    description: metadata.description ?? "",
    direction: directionOf(metadata.higherIsBetter) as string,
  });
  const set = (key: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => setValues({ ...values, [key]: e.target.value });
  const fieldError = (key: string) => (state?.ok === false && state.fields?.[key] ? <p className="error" role="alert">{state.fields[key]}</p> : null);
  return (
    <form action={formAction} aria-label="Edit metadata" data-testid="catalog-metadata-form">
      <div className="field">
        <label htmlFor="meta-display-name">Display name</label>
        <input id="meta-display-name" name="displayName" type="text" maxLength={200} value={values.displayName} onChange={set("displayName")} />
        {fieldError("displayName")}
      </div>
      <div className="row wrap catalog-form-row">
        <div className="field">
          <label htmlFor="meta-unit">Unit</label>
          <input id="meta-unit" name="unit" type="text" maxLength={50} value={values.unit} onChange={set("unit")} aria-describedby="meta-unit-hint" />
          <p className="hint" id="meta-unit-hint">ms, s, bytes, %, usd… charts format values by it.</p>
          {fieldError("unit")}
        </div>
        <div className="field">
          <label htmlFor="meta-direction">Direction</label>
          <select id="meta-direction" name="direction" value={values.direction} onChange={set("direction")}>
            <option value="">Not set</option>
            <option value="higher">Higher is better</option>
            <option value="lower">Lower is better</option>
          </select>
          {fieldError("higherIsBetter")}
        </div>
      </div>
      <div className="field">
        <label htmlFor="meta-description">Description</label>
        <textarea id="meta-description" name="description" rows={3} maxLength={2000} value={values.description} onChange={set("description")} />
        {fieldError("description")}
      </div>
      <div className="row">
        <button className="btn primary" type="submit" disabled={pending}>{pending ? "Saving…" : "Save"}</button>
        {state?.ok === false && <span className="error" role="alert">{state.error}</span>}
        {state?.ok && !pending && <span className="muted small" role="status">Saved</span>}
      </div>
    </form>
  );
}
