"use client";

import { useMemo, useState } from "react";
import type { BrowserLiveConfig } from "@/lib/live/browser-config";
import { LiveProvider } from "@/components/live/live-provider";
import { WidgetBody } from "@/components/widgets/widget-body";
import { useWidgetData } from "@/components/widgets/use-widget-data";
import { useViewerZone } from "@/components/dashboards/view-url";
import { CATALOG_RANGES, catalogGraphConfig, isCatalogRange, type CatalogKind, type CatalogRange } from "./catalog-widget-config";

/** The chart's id on window.__fluxCharts (for the end-to-end tests) and for PNG export. */
export const CATALOG_CHART_ID = "catalog-chart";

/**
 * The metric or event over a chosen range, split by one of its tags or properties when
 * chosen. Drawn by the same renderers and data hook as a dashboard's graph widget, and live.
 */
export function CatalogChart(props: { projectId: string; kind: CatalogKind; name: string; title: string; breakdowns: string[]; initialRange: CatalogRange; live: BrowserLiveConfig }) {
  return (
    <LiveProvider projectId={props.projectId} config={props.live}>
      <ChartBody {...props} />
    </LiveProvider>
  );
}

function ChartBody({ projectId, kind, name, title, breakdowns, initialRange }: { projectId: string; kind: CatalogKind; name: string; title: string; breakdowns: string[]; initialRange: CatalogRange }) {
  const [range, setRange] = useState<CatalogRange>(initialRange);
  const [groupBy, setGroupBy] = useState("");
  const config = useMemo(() => catalogGraphConfig({ kind, name, title, groupBy: groupBy || null }), [kind, name, title, groupBy]);
  // Days and hours are the viewer's own, as on a dashboard that sets no zone.
  const zone = useViewerZone(null);
  const query = useWidgetData({ projectId, config, range, timezone: zone ?? undefined, refreshSeconds: 0 });
  const error = query.error ? (query.error as Error).message : null;
  const what = kind === "event" ? "property" : "tag";
  return (
    <section className="card stack" aria-labelledby="catalog-chart-title" data-testid="catalog-chart">
      <div className="row wrap">
        <h2 id="catalog-chart-title" style={{ margin: 0 }}>Over time</h2>
        <div className="spacer" />
        <label className="sr-only" htmlFor="catalog-range">Time range</label>
        <select id="catalog-range" className="catalog-select" value={range} onChange={(e) => isCatalogRange(e.target.value) && setRange(e.target.value)}>
          {CATALOG_RANGES.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
        </select>
        <label className="sr-only" htmlFor="catalog-breakdown">Break down by</label>
        <select id="catalog-breakdown" className="catalog-select" value={groupBy} onChange={(e) => setGroupBy(e.target.value)} disabled={breakdowns.length === 0}>
          <option value="">{breakdowns.length ? `Break down by ${what}…` : `No ${what}s to break down by`}</option>
          {breakdowns.map((key) => <option key={key} value={key}>{`By ${key}`}</option>)}
        </select>
      </div>
      <div className="catalog-chart-body" aria-busy={query.isFetching}>
        <WidgetBody projectId={projectId} widgetId={CATALOG_CHART_ID} config={config} results={query.data} loading={query.isLoading} error={error} onRetry={() => query.refetch()} />
      </div>
    </section>
  );
}
