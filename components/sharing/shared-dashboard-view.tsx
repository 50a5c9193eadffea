"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import type { Widget } from "@/lib/dashboards/schema";
import { GRID_COLUMNS } from "@/lib/dashboards/constants";
import type { InitialWidgetData } from "@/lib/dashboards/load-widget-data";
import type { SharedDashboard, SharePolicy } from "@/lib/sharing/share-link-schemas";
import { allowedPresets, sharedView } from "@/lib/sharing/share-view";
import { sharedLiveEndpoint, type BrowserLiveConfig } from "@/lib/live/browser-config";
import type { ChartContext, CatalogEntry } from "@/components/charts/options/chart-context";
import { Grid } from "@/components/grid/grid";
import { LiveProvider } from "@/components/live/live-provider";
import { LiveIndicator } from "@/components/live/live-indicator";
import { IntervalPicker, RefreshPicker, TimeRangePicker, TimezonePicker, rangeLabel } from "@/components/dashboards/time-range-picker";
import { useDashboardView } from "@/components/dashboards/view-url";
import { widgetTitle } from "@/components/widgets/widget-card";
import { WidgetBody } from "@/components/widgets/widget-body";
import { useWidgetData, type WidgetDataSource } from "@/components/widgets/use-widget-data";
import type { Interval } from "@/lib/query/model";
import type { WidgetRange } from "@/lib/dashboards/schema";
import { sharedWidgetSource } from "./shared-widget-source";

/**
 * A dashboard as a share link's visitor sees it: the saved widgets, read-only, live, in the
 * URL's view where the link allows it. Every widget asks the server for its saved query by id.
 */
export function SharedDashboardView(props: {
  token: string;
  dashboardId: string;
  dashboard: SharedDashboard;
  policy: SharePolicy;
  initial: Record<string, InitialWidgetData>;
  serverZone: string | null;
  /** Given after the password form; otherwise the grant travels in the link's cookie. */
  grant: string | null;
  embed: boolean;
  live: BrowserLiveConfig;
}) {
  const endpoint = sharedLiveEndpoint({ token: props.token, dashboardId: props.dashboardId, grant: props.grant });
  return (
    <LiveProvider endpoint={endpoint} config={props.live}>
      <SharedBody {...props} />
    </LiveProvider>
  );
}

function SharedBody({ token, dashboard, policy, initial, serverZone, grant, embed }: Parameters<typeof SharedDashboardView>[0]) {
  const saved = useMemo(() => ({ range: dashboard.range, interval: dashboard.interval, refreshSeconds: dashboard.refreshSeconds, timezone: dashboard.timezone }), [dashboard]);
  const { view: asked, yours, show } = useDashboardView(saved, serverZone);
  const view = sharedView(asked, policy, dashboard.range);
  const source = useMemo(() => sharedWidgetSource(token, grant), [token, grant]);
  const context = useMemo<ChartContext>(() => ({ catalog: new Map<string, CatalogEntry>(dashboard.catalog) }), [dashboard.catalog]);
  const client = useQueryClient();
  return (
    <div className="stack dashboard shared-dashboard" data-testid="shared-dashboard" data-embed={embed ? "true" : "false"}>
      <div className="dashboard-toolbar row wrap">
        {policy.allowRangeChange ? (
          <>
            <TimeRangePicker key={JSON.stringify(view.range)} value={view.range} onChange={(range) => show({ range })} presets={allowedPresets(policy, dashboard.range)} />
            <IntervalPicker value={view.interval} range={view.range} onChange={(interval) => show({ interval })} />
          </>
        ) : (
          <span className="badge" data-testid="shared-range" title="This link shows the dashboard's own time range">{rangeLabel(view.range)}</span>
        )}
        <TimezonePicker value={view.timezone} yours={yours} saved={dashboard.timezone} onChange={(timezone) => show({ timezone })} />
        <RefreshPicker value={view.refreshSeconds} onChange={(refreshSeconds) => show({ refreshSeconds })} />
        <button type="button" className="btn small" onClick={() => client.invalidateQueries({ queryKey: ["widget-data", source.id] })}>Refresh now</button>
        <LiveIndicator />
      </div>
      {dashboard.widgets.length === 0 ? (
        <div className="card empty-state"><h2>This dashboard is empty</h2></div>
      ) : (
        <Grid
          items={dashboard.widgets}
          columns={GRID_COLUMNS}
          editable={false}
          label={widgetTitle}
          renderItem={(w) => (
            <SharedWidgetCard widget={w} source={source} context={context} range={view.range} interval={view.interval} timezone={view.timezone} refreshSeconds={view.refreshSeconds} initial={initial[w.id]} />
          )}
          onMove={() => {}}
          onResize={() => {}}
        />
      )}
    </div>
  );
}

function SharedWidgetCard({ widget, source, context, range, interval, timezone, refreshSeconds, initial }: {
  widget: Widget;
  source: WidgetDataSource;
  context: ChartContext;
  range: WidgetRange;
  interval: Interval;
  timezone: string;
  refreshSeconds: number;
  initial?: InitialWidgetData;
}) {
  const query = useWidgetData({ projectId: "", config: widget.config, range, interval, timezone, refreshSeconds, initial, source: { widgetId: widget.id, from: source } });
  const title = widgetTitle(widget);
  const error = query.error ? (query.error as Error).message : initial?.requestKey && !query.data && initial.error ? initial.error : null;
  return (
    <section className="widget" data-testid={`widget-${widget.id}`} data-widget-type={widget.config.type} data-fetching={query.isFetching ? "true" : "false"} aria-label={title}>
      <header className="widget-head">
        <h3 className="widget-title">{title}</h3>
        {widget.config.range && <span className="badge small" title="This widget has its own time range">{typeof widget.config.range === "string" ? widget.config.range : "custom"}</span>}
        {query.isFetching && <span className="widget-spinner" aria-label="Refreshing" />}
      </header>
      <div className="widget-body">
        <WidgetBody context={context} widgetId={widget.id} config={widget.config} results={query.data} loading={query.isLoading} error={error} onRetry={() => query.refetch()} />
      </div>
    </section>
  );
}
