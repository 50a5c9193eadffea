"use client";

import { useId } from "react";
import { ANOMALY_SEVERITIES } from "@/lib/alerts/alert-schemas";
import { CatalogPicker } from "@/components/widgets/catalog-picker";
import { QueryEditor } from "@/components/widgets/query-editor";
import { useCatalog } from "@/components/widgets/use-catalog";
import { EMPTY_QUERY, nextQueryName, queryOfErrorPath, type RuleDraft } from "./rule-draft";
import { errorFor } from "./field-errors";

type Patch = (patch: Partial<RuleDraft>) => void;
const MAX_QUERIES = 10;

/** What the rule watches, per kind; server errors under `condition.*` beside their fields. */
export function RuleConditionFields({ projectId, draft, set, fields }: { projectId: string; draft: RuleDraft; set: Patch; fields: Record<string, string> | undefined }) {
  const id = useId();
  const catalog = useCatalog(projectId);
  const err = (key: string) => {
    const message = errorFor(fields, `condition.${key}`);
    return message ? <p className="error" data-testid={`rule-error-condition.${key}`}>{message}</p> : null;
  };
  const numberField = (key: "windowMinutes" | "value" | "recoverValue" | "forMinutes", label: string, hint?: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input id={`${id}-${key}`} type="text" inputMode="decimal" value={draft[key]} onChange={(e) => set({ [key]: e.target.value })}
        aria-invalid={errorFor(fields, `condition.${key}`) ? true : undefined} data-testid={`rule-${key}`} />
      {hint && <p className="hint">{hint}</p>}
      {err(key)}
    </div>
  );

  if (draft.kind !== "threshold") {
    return (
      <div className="stack">
        <CatalogPicker metrics={catalog.metrics} events={catalog.events} value={draft.series} loading={catalog.loading} error={catalog.error} onPick={(item) => set({ series: item })} />
        {err("name")}
        {err("source")}
        {draft.kind === "anomaly" ? (
          <div className="field">
            <label htmlFor={`${id}-min`}>Minimum anomaly severity</label>
            <select id={`${id}-min`} value={draft.minSeverity} onChange={(e) => set({ minSeverity: e.target.value as RuleDraft["minSeverity"] })} data-testid="rule-min-severity">
              {ANOMALY_SEVERITIES.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
            <p className="hint">Anomalies Flux finds on this series at this severity or worse fire the rule; &quot;This is normal&quot; feedback keeps a pattern quiet.</p>
            {err("minSeverity")}
          </div>
        ) : (
          numberField("forMinutes", "No data for (minutes)", "Fires when nothing arrives for this long; recovers with the next point or event.")
        )}
      </div>
    );
  }

  const names = draft.queries.map((q) => q.name);
  const queryErrors = (name: string) =>
    Object.entries(fields ?? {}).filter(([path]) => queryOfErrorPath(path, names) === name).map(([path, message]) => `${path.replace(/^condition\.query\.(queries\.[^.]+\.)?/, "")}: ${message}`);
  return (
    <div className="stack">
      {draft.queries.map((q, i) => (
        <fieldset key={q.name} className="editor-fieldset" data-testid="rule-query">
          <legend className="small">{draft.queries.length > 1 || draft.formula ? <>Query <code>{q.name}</code></> : "Query"}</legend>
          <QueryEditor projectId={projectId} query={q.query} allowGroupBy metrics={catalog.metrics} events={catalog.events} loading={catalog.loading} error={catalog.error}
            onChange={(next) => set({ queries: draft.queries.map((x, j) => (j === i ? { ...x, query: next } : x)) })}
            onRemove={draft.queries.length > 1 ? () => set({ queries: draft.queries.filter((_, j) => j !== i) }) : undefined} />
          {queryErrors(q.name).map((m) => <p key={m} className="error">{m}</p>)}
        </fieldset>
      ))}
      {draft.queries.length < MAX_QUERIES && (
        <div><button type="button" className="btn small" onClick={() => set({ queries: [...draft.queries, { name: nextQueryName(names), query: { ...EMPTY_QUERY } }] })}>Add a query (for a formula)</button></div>
      )}
      {(draft.queries.length > 1 || draft.formula) && (
        <div className="field">
          <label htmlFor={`${id}-formula`}>Formula</label>
          <input id={`${id}-formula`} type="text" value={draft.formula} placeholder={`${names[0]} / ${names[1] ?? names[0]} * 100`} onChange={(e) => set({ formula: e.target.value })} data-testid="rule-formula" />
          <p className="hint">Over the queries by name. Empty: each query is judged on its own.</p>
          {err("query.formula")}
          {err("query.queries")}
        </div>
      )}
      <div className="row wrap" style={{ alignItems: "flex-start" }}>
        <div className="field">
          <label htmlFor={`${id}-reduce`}>Reduce the window by</label>
          <select id={`${id}-reduce`} value={draft.reduce} onChange={(e) => set({ reduce: e.target.value as RuleDraft["reduce"] })} data-testid="rule-reduce">
            {["avg", "min", "max", "sum", "last"].map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
          {err("reduce")}
        </div>
        {numberField("windowMinutes", "Window (minutes)")}
        <div className="field">
          <label htmlFor={`${id}-op`}>Fires when</label>
          <select id={`${id}-op`} value={draft.op} onChange={(e) => set({ op: e.target.value as RuleDraft["op"] })} data-testid="rule-op">
            <option value="above">above</option>
            <option value="below">below</option>
          </select>
          {err("op")}
        </div>
        {numberField("value", "Value")}
        {numberField("recoverValue", "Recovers at (optional)", draft.op === "above" ? "At or below this; damps flapping." : "At or above this; damps flapping.")}
        {numberField("forMinutes", "For (minutes)", "Held this long before firing.")}
      </div>
    </div>
  );
}
