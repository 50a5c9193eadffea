"use client";

import { useRef } from "react";
import type { Widget, WidgetRange } from "@/lib/dashboards/schema";
import type { HandleProps } from "@/components/grid/grid";
import { chartImage } from "@/components/charts/echart";
import { readChartTheme } from "@/components/charts/chart-theme";
import { WidgetBody } from "./widget-body";
import { resultsToCsv } from "./widget-csv";
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

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "widget";

export function widgetTitle(widget: Widget): string {
  const c = widget.config;
  if (c.title) return c.title;
  return "queries" in c ? c.queries.map((q) => q.label || q.name).join(", ") : c.query.label || c.query.name;
}

export function WidgetCard({ projectId, widget, range, timezone, refreshSeconds, initial, handle, canEdit, onEdit, onDelete }: {
  projectId: string;
  widget: Widget;
  range: WidgetRange;
  timezone: string;
  refreshSeconds: number;
  initial?: InitialWidgetData;
  handle: HandleProps | null;
  canEdit: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const query = useWidgetData({ projectId, config: widget.config, range, timezone, refreshSeconds, initial });
  const menu = useRef<HTMLDetailsElement>(null);
  const title = widgetTitle(widget);
  const error = query.error ? (query.error as Error).message : initial?.requestKey && !query.data && initial.error ? initial.error : null;
  const close = () => menu.current?.removeAttribute("open");
  const exportCsv = () => {
    close();
    if (!query.data) return;
    const labels = ("queries" in widget.config ? widget.config.queries : [widget.config.query]).map((q) => q.label || q.name);
    download(`${slug(title)}.csv`, URL.createObjectURL(new Blob([resultsToCsv(query.data, labels)], { type: "text/csv" })));
  };
  const exportPng = () => {
    close();
    const url = chartImage(widget.id, readChartTheme().surface);
    if (url) download(`${slug(title)}.png`, url);
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
        <WidgetBody widgetId={widget.id} config={widget.config} results={query.data} loading={query.isLoading} error={error} onRetry={() => query.refetch()} />
      </div>
    </section>
  );
}

export const defaultSizeOf = (type: string) => widgetDefinition(type)?.defaultSize ?? { w: 4, h: 3 };
