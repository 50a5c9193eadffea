"use client";

import { useId } from "react";
import { AGGREGATIONS, FilterOp } from "@/lib/query/model";
import type { WidgetFilter, WidgetQuery } from "@/lib/dashboards/schema";
import { aggregationChoices } from "./aggregation-choices";
import { CatalogPicker } from "./catalog-picker";
import { useKeys, type CatalogEvent, type CatalogMetric } from "./use-catalog";

const OP_LABELS: Record<string, string> = { eq: "=", neq: "≠", in: "in", not_in: "not in", exists: "exists", not_exists: "missing", gt: ">", gte: "≥", lt: "<", lte: "≤" };

/** The aggregations that fit a metric's type (or events). */
export function aggregationsFor(source: "metric" | "event", type: CatalogMetric["type"] | undefined): readonly string[] {
  if (source === "event") return AGGREGATIONS.event;
  return type ? AGGREGATIONS[type] : [...new Set(Object.values(AGGREGATIONS).flat())];
}

const DEFAULT_AGG: Record<string, WidgetQuery["aggregation"]> = { counter: "sum", gauge: "last", distribution: "p95", set: "unique", event: "count" };

function parseValue(op: string, raw: string): WidgetFilter["value"] {
  if (op === "exists" || op === "not_exists") return undefined;
  const one = (s: string) => (s.trim() !== "" && Number.isFinite(Number(s)) && ["gt", "gte", "lt", "lte"].includes(op) ? Number(s) : s.trim());
  return op === "in" || op === "not_in" ? raw.split(",").map(one).filter((v) => v !== "") : one(raw);
}

export function QueryEditor({ projectId, query, onChange, metrics, events, loading, error, allowGroupBy, onRemove }: {
  projectId: string;
  query: WidgetQuery;
  onChange: (q: WidgetQuery) => void;
  metrics: CatalogMetric[];
  events: CatalogEvent[];
  loading: boolean;
  error: string | null;
  allowGroupBy: boolean;
  onRemove?: () => void;
}) {
  const id = useId();
  const metric = query.source === "metric" ? metrics.find((m) => m.name === query.name) : undefined;
  const keys = useKeys(projectId, query.source, query.name);
  const aggs = aggregationsFor(query.source, metric?.type);
  const setFilter = (i: number, f: Partial<WidgetFilter> & { raw?: string }) =>
    onChange({
      ...query,
      filters: query.filters.map((x, j) => {
        if (j !== i) return x;
        const op = f.op ?? x.op;
        const raw = f.raw ?? (Array.isArray(x.value) ? x.value.join(",") : String(x.value ?? ""));
        return { key: f.key ?? x.key, op, value: parseValue(op, raw) };
      }),
    });
  return (
    <div className="query-editor">
      <CatalogPicker
        metrics={metrics}
        events={events}
        value={query}
        loading={loading}
        error={error}
        onPick={(item) => {
          const type = item.source === "metric" ? metrics.find((m) => m.name === item.name)?.type : undefined;
          onChange({ ...query, source: item.source, name: item.name, aggregation: DEFAULT_AGG[type ?? "event"], filters: [], groupBy: [], property: undefined });
        }}
      />
      <div className="row wrap">
        <div className="field">
          <label htmlFor={`${id}-agg`}>Aggregation</label>
          <select id={`${id}-agg`} value={query.aggregation} onChange={(e) => onChange({ ...query, aggregation: e.target.value as WidgetQuery["aggregation"] })}>
            {aggregationChoices(aggs, query.aggregation).map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
          </select>
        </div>
        {query.source === "event" && (query.aggregation === "sum" || query.aggregation === "avg") && (
          <div className="field">
            <label htmlFor={`${id}-prop`}>Of property</label>
            <input id={`${id}-prop`} type="text" list={`${id}-keys`} placeholder="value (default)" value={query.property ?? ""} onChange={(e) => onChange({ ...query, property: e.target.value || undefined })} />
          </div>
        )}
        {allowGroupBy && (
          <div className="field">
            <label htmlFor={`${id}-group`}>Group by</label>
            <input id={`${id}-group`} type="text" list={`${id}-keys`} placeholder="none" value={query.groupBy.join(",")}
              onChange={(e) => onChange({ ...query, groupBy: e.target.value.split(",").map((s) => s.trim()).filter(Boolean).slice(0, 3) })} />
          </div>
        )}
        {allowGroupBy && query.groupBy.length > 0 && (
          <div className="field" style={{ width: 90 }}>
            <label htmlFor={`${id}-limit`}>Top</label>
            <input id={`${id}-limit`} type="number" min={1} max={100} value={query.limit ?? 10} onChange={(e) => onChange({ ...query, limit: Math.max(1, Math.min(100, Number(e.target.value) || 10)) })} />
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-label`}>Label</label>
          <input id={`${id}-label`} type="text" placeholder={query.name || "Legend label"} value={query.label ?? ""} onChange={(e) => onChange({ ...query, label: e.target.value || undefined })} />
        </div>
      </div>
      <datalist id={`${id}-keys`}>{keys.map((k) => <option key={k.key} value={k.key} />)}</datalist>
      <fieldset className="editor-fieldset">
        <legend className="small muted">Filters</legend>
        {query.filters.map((f, i) => (
          <div className="row filter-row" key={i}>
            <input type="text" aria-label={`Filter ${i + 1} key`} list={`${id}-keys`} value={f.key} placeholder="key" onChange={(e) => setFilter(i, { key: e.target.value })} />
            <select aria-label={`Filter ${i + 1} operator`} value={f.op} onChange={(e) => setFilter(i, { op: e.target.value as WidgetFilter["op"] })}>
              {FilterOp.options.map((op) => <option key={op} value={op}>{OP_LABELS[op]}</option>)}
            </select>
            {f.op !== "exists" && f.op !== "not_exists" && (
              <input type="text" aria-label={`Filter ${i + 1} value`} list={`${id}-values-${i}`} placeholder={f.op === "in" || f.op === "not_in" ? "a,b,c" : "value"}
                value={Array.isArray(f.value) ? f.value.join(",") : String(f.value ?? "")} onChange={(e) => setFilter(i, { raw: e.target.value })} />
            )}
            <datalist id={`${id}-values-${i}`}>{(keys.find((k) => k.key === f.key)?.values ?? []).map((v) => <option key={v} value={v} />)}</datalist>
            <button type="button" className="btn small ghost" aria-label={`Remove filter ${i + 1}`} onClick={() => onChange({ ...query, filters: query.filters.filter((_, j) => j !== i) })}>✕</button>
          </div>
        ))}
        <div className="row">
          <button type="button" className="btn small" disabled={!query.name} onClick={() => onChange({ ...query, filters: [...query.filters, { key: keys[0]?.key ?? "", op: "eq", value: "" }] })}>Add filter</button>
          {onRemove && <button type="button" className="btn small danger" onClick={onRemove}>Remove this metric</button>}
        </div>
      </fieldset>
    </div>
  );
}
