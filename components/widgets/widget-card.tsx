"use client";

import { useRef } from "react";
import type { Widget, WidgetRange } from "@/lib/dashboards/schema";
import type { Interval } from "@/lib/query/model";
import type { HandleProps } from "@/components/grid/grid";
import { chartPngWithHeader } from "@/components/charts/chart-export";
import { rangeLabel } from "@/components/dashboards/time-range-picker";
import { WidgetBody } from "./widget-body";
import { rangeCaption, widgetCsv } from "./widget-csv";
import { useChartContext } from "./use-chart-context";
import { useWidgetData, type InitialWidgetData } from "./use-widget-data";
import { widgetDefinition } from "./registry";

function download(filename: string, href: string) {
  const a = document.createElement("a");
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** The title as a file name: letters and digits of any script, the rest turned into dashes. */
const slug = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "").slice(0, 80) || "widget";

export function widgetTitle(widget: Widget): string {
  const c = widget.config;
  if (c.title) return c.title;
  return "queries" in c ? c.queries.map((q) => q.label || q.name).join(", ") : c.query.label || c.query.name;
}

export function WidgetCard({ projectId, widget, range, interval, timezone, refreshSeconds, initial, handle, canEdit, onEdit, onDelete }: {
  projectId: string;
  widget: Widget;
  range: WidgetRange;
  /** The dashboard view's interval ("auto" when not given). */
  interval?: Interval;
  timezone: string;
  refreshSeconds: number;
  initial?: InitialWidgetData;
  handle: HandleProps | null;
  canEdit: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const query = useWidgetData({ projectId, config: widget.config, range, interval, timezone, refreshSeconds, initial });
  const menu = useRef<HTMLDetailsElement>(null);
  const title = widgetTitle(widget);
  const error = query.error ? (query.error as Error).message : initial?.requestKey && !query.data && initial.error ? initial.error : null;
  const close = () => menu.current?.removeAttribute("open");
  // Exports say what they show: the title, the range as queried and its zone (widget-csv.ts).
  const view = { title, rangeLabel: rangeLabel(widget.config.range ?? range), timezone };
  const catalog = useChartContext(projectId);
  const exportCsv = () => {
    close();
    if (!query.data) return;
    const csv = widgetCsv({ config: widget.config, results: query.data, context: view, chart: catalog });
    // The byte order mark makes spreadsheets read the file as UTF-8 (names, "·", "–").
    download(`${slug(title)}.csv`, URL.createObjectURL(new Blob(["\uFEFF", csv], { type: "text/csv;charset=utf-8" })));
  };
  const exportPng = () => {
    close();
    void chartPngWithHeader({ widgetId: widget.id, title, caption: rangeCaption(query.data, view) }).then((url) => {
      if (url) download(`${slug(title)}.png`, url);
    });
  };
  // The table is HTML and the number is text (its sparkline alone says little): CSV only.
  const hasChart = widget.config.type !== "table" && widget.config.type !== "number";
  return (
    <section className="widget" data-testid={`widget-${widget.id}`} data-widget-type={widget.config.type} data-fetching={query.isFetching ? "true" : "false"} aria-label={title}>
      <header className="widget-head">
        {handle && <button type="button" className="drag-handle" {...handle}><span aria-hidden="true">⠿</span></button>}
        <h3 className="widget-title">{title}</h3>
        {widget.config.range && <span className="badge small" title="This widget has its own time range">{typeof widget.config.range === "string" ? widget.config.range : "custom"}</span>}
        {query.isFetching && <span className="widget-spinner" aria-label="Refreshing" />}
        <details className="menu" ref={menu}>
          <summary className="btn small ghost" aria-label={`Actions for ${title}`}>⋯</summary>
          <div className="menu-items" role="menu">
            {canEdit && <button type="button" role="menuitem" onClick={() => { close(); onEdit(); }}>Edit</button>}
            <button type="button" role="menuitem" onClick={exportCsv} disabled={!query.data}>Download CSV</button>
            {hasChart && <button type="button" role="menuitem" onClick={exportPng} disabled={!query.data}>Download PNG</button>}
            {canEdit && <button type="button" role="menuitem" className="danger" onClick={() => { close(); onDelete(); }}>Delete</button>}
          </div>
        </details>
      </header>
      <div className="widget-body">
        <WidgetBody projectId={projectId} widgetId={widget.id} config={widget.config} results={query.data} loading={query.isLoading} error={error} onRetry={() => query.refetch()} />
      </div>
    </section>
  );
}

export const defaultSizeOf = (type: string) => widgetDefinition(type)?.defaultSize ?? { w: 4, h: 3 };
