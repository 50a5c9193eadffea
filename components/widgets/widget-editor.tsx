"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { RANGE_PRESETS, WidgetConfig, type WidgetFilter, type WidgetQuery, type WidgetRange, type WidgetType } from "@/lib/dashboards/schema";
import type { Interval } from "@/lib/query/model";
import { withHeatmapQuery } from "./heatmap-mode";
import { convertConfig, WIDGETS, widgetDefinition } from "./registry";
import { QueryEditor } from "./query-editor";
import { useCatalog } from "./use-catalog";
import { useWidgetData } from "./use-widget-data";
import { WidgetBody } from "./widget-body";
import type { WidgetOptionsProps } from "./types";

const UNITS = ["", "number", "percent", "usd", "eur", "ms", "s", "bytes"];
const EMPTY_QUERY: WidgetQuery = { source: "metric", name: "", aggregation: "sum", filters: [], groupBy: [] };

const incomplete = (f: WidgetFilter) =>
  !f.key.trim() || (f.op !== "exists" && f.op !== "not_exists" && (f.value === undefined || f.value === "" || (Array.isArray(f.value) && f.value.length === 0)));

/** Filters still being typed (no key or no value yet) are left out of the preview and the save. */
function withoutIncompleteFilters(config: WidgetConfig): WidgetConfig {
  const clean = (q: WidgetQuery): WidgetQuery => ({ ...q, filters: q.filters.filter((f) => !incomplete(f)) });
  return ("queries" in config ? { ...config, queries: config.queries.map(clean) } : { ...config, query: clean(config.query) }) as WidgetConfig;
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** Add or edit a widget: type, metric or event from the catalog, aggregation, filters, group-by, range; live preview. */
export function WidgetEditor({ projectId, initial, dashboardRange, interval, timezone, onSave, onCancel }: {
  projectId: string;
  initial: WidgetConfig | null;
  /** The dashboard view (range, interval, zone) the preview is drawn in, as the widget will be. */
  dashboardRange: WidgetRange;
  interval?: Interval;
  timezone: string;
  onSave: (config: WidgetConfig) => void;
  onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [config, setConfig] = useState<WidgetConfig>(initial ?? { type: "graph", title: "", queries: [EMPTY_QUERY], style: "line", compare: false });
  const catalog = useCatalog(projectId);
  const def = widgetDefinition(config.type) ?? WIDGETS[0];
  const parsed = WidgetConfig.safeParse(withoutIncompleteFilters(config));
  // Debounced as text: a new object every render would restart the timer for ever.
  const previewText = useDebounced(parsed.success ? JSON.stringify(parsed.data) : null, 300);
  const previewConfig = useMemo(() => (previewText ? (JSON.parse(previewText) as WidgetConfig) : null), [previewText]);
  const preview = useWidgetData({ projectId, config: previewConfig ?? config, range: dashboardRange, interval, timezone, refreshSeconds: 0, enabled: Boolean(previewConfig) });

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  const queries: WidgetQuery[] = "queries" in config ? config.queries : [config.query];
  const setQuery = (i: number, q: WidgetQuery) =>
    setConfig((c) => ("queries" in c ? { ...c, queries: c.queries.map((x, j) => (j === i ? q : x)) } : c.type === "heatmap" ? withHeatmapQuery(c, q) : { ...c, query: q }) as WidgetConfig);
  const Options = def.Options as React.ComponentType<WidgetOptionsProps>;
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);

  return (
    <dialog ref={dialog} className="widget-editor" aria-labelledby="widget-editor-title" onCancel={(e) => { e.preventDefault(); onCancel(); }}>
      <form method="dialog" onSubmit={(e) => { e.preventDefault(); if (parsed.success) onSave(parsed.data); }}>
        <div className="editor-head">
          <h2 id="widget-editor-title">{initial ? "Edit widget" : "Add a widget"}</h2>
          <div className="spacer" />
          <button type="button" className="btn" onClick={onCancel}>Cancel</button>
          <button type="submit" className="btn primary" disabled={!parsed.success} data-testid="save-widget">{initial ? "Save widget" : "Add widget"}</button>
        </div>
        <div className="editor-body">
          <div className="editor-form">
            <div className="type-picker" role="radiogroup" aria-label="Widget type">
              {WIDGETS.map((w) => (
                <button key={w.type} type="button" role="radio" aria-checked={config.type === w.type} title={w.description}
                  className={config.type === w.type ? "selected" : ""} onClick={() => setConfig((c) => convertConfig(c, w.type as WidgetType))}>
                  {w.label}
                </button>
              ))}
            </div>
            <div className="field">
              <label htmlFor="widget-title">Title</label>
              <input id="widget-title" type="text" maxLength={120} placeholder="Shown on the widget" value={config.title} onChange={(e) => setConfig({ ...config, title: e.target.value })} />
            </div>
            {queries.map((q, i) => (
              <QueryEditor key={i} projectId={projectId} query={q} onChange={(next) => setQuery(i, next)}
                metrics={catalog.metrics} events={catalog.events} loading={catalog.loading} error={catalog.error}
                allowGroupBy={config.type !== "number" && config.type !== "heatmap" && !(config.type === "table" && i > 0)}
                onRemove={queries.length > 1 ? () => setConfig((c) => ("queries" in c ? { ...c, queries: c.queries.filter((_, j) => j !== i) } : c) as WidgetConfig) : undefined} />
            ))}
            {"queries" in config && config.queries.length < 5 && (
              <button type="button" className="btn small" onClick={() => setConfig({ ...config, queries: [...config.queries, { ...EMPTY_QUERY }] } as WidgetConfig)}>
                {config.type === "table" ? "Add a column" : "Add another metric"}
              </button>
            )}
            <div className="row wrap">
              <div className="field">
                <label htmlFor="widget-range">Time range</label>
                <select id="widget-range" value={typeof config.range === "string" ? config.range : ""} onChange={(e) => setConfig({ ...config, range: (e.target.value || undefined) as WidgetRange | undefined })}>
                  <option value="">Dashboard&apos;s ({typeof dashboardRange === "string" ? dashboardRange : "custom"})</option>
                  {RANGE_PRESETS.map((r) => <option key={r} value={r}>{r}</option>)}
                </select>
              </div>
              <div className="field">
                <label htmlFor="widget-unit">Unit</label>
                <select id="widget-unit" value={config.unit ?? ""} onChange={(e) => setConfig({ ...config, unit: e.target.value || undefined })}>
                  {UNITS.map((u) => <option key={u} value={u}>{u || "From the metric"}</option>)}
                </select>
              </div>
            </div>
            <Options config={config} onChange={(c) => setConfig(c as WidgetConfig)} />
          </div>
          <div className="editor-preview" aria-label="Preview" data-testid="widget-preview">
            <h3>{config.title || "Preview"}</h3>
            <div className="widget-body">
              {previewConfig ? (
                <WidgetBody projectId={projectId} widgetId="preview" config={previewConfig} results={preview.data} loading={preview.isFetching} error={preview.error ? (preview.error as Error).message : null} onRetry={() => preview.refetch()} />
              ) : (
                <p className="muted small">{queries.some((q) => !q.name) ? "Choose a metric or event to see a preview." : problems.join("; ")}</p>
              )}
            </div>
          </div>
        </div>
      </form>
    </dialog>
  );
}
