"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import type { Dashboard, Widget, WidgetConfig, WidgetRange } from "@/lib/dashboards/schema";
import { sameView, viewDefaults, type SavedView } from "@/lib/dashboards/view-state";
import type { Interval } from "@/lib/query/model";
import { GRID_COLUMNS } from "@/lib/dashboards/constants";
import { addBox, moveBox, removeBox, resizeBox } from "@/lib/dashboards/layout";
import { Grid } from "@/components/grid/grid";
import { WidgetCard, defaultSizeOf, widgetTitle } from "@/components/widgets/widget-card";
import { WidgetEditor } from "@/components/widgets/widget-editor";
import type { InitialWidgetData } from "@/components/widgets/use-widget-data";
import type { BrowserLiveConfig } from "@/lib/live/browser-config";
import { LiveProvider } from "@/components/live/live-provider";
import { LiveIndicator } from "@/components/live/live-indicator";
import { IntervalPicker, RefreshPicker, TimeRangePicker, TimezonePicker } from "./time-range-picker";
import { useDashboardView } from "./view-url";
import { GraphOverlayScope } from "@/components/annotations/overlay-scope";
import { DashboardAnnotations } from "@/components/annotations/dashboard-annotations";

type Patch = { widgets?: Widget[]; range?: WidgetRange; interval?: Interval; refreshSeconds?: number; timezone?: string | null };

const newId = () => `w${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/**
 * A live dashboard: toolbar (range, interval, zone, refresh, live state, add, undo) over the
 * grid of widgets. Saves each layout change; the view lives in the URL until an editor saves
 * it as the default.
 */
export function DashboardView(props: {
  projectId: string;
  dashboard: Dashboard;
  canEdit: boolean;
  initial: Record<string, InitialWidgetData>;
  /** The zone the server rendered the first data in (the viewer's cookie), if it knew one. */
  serverZone: string | null;
  live: BrowserLiveConfig;
}) {
  return (
    <LiveProvider projectId={props.projectId} config={props.live}>
      <GraphOverlayScope projectId={props.projectId}>
        <DashboardBody {...props} />
      </GraphOverlayScope>
    </LiveProvider>
  );
}

function DashboardBody({ projectId, dashboard, canEdit, initial, serverZone }: {
  projectId: string;
  dashboard: Dashboard;
  canEdit: boolean;
  initial: Record<string, InitialWidgetData>;
  serverZone: string | null;
}) {
  const [widgets, setWidgets] = useState(dashboard.widgets);
  const [saved, setSaved] = useState<SavedView>(() => ({ range: dashboard.range, interval: dashboard.interval, refreshSeconds: dashboard.refreshSeconds, timezone: dashboard.timezone }));
  const { view, defaults, yours, show, settle } = useDashboardView(saved, serverZone);
  const [history, setHistory] = useState<Widget[][]>([]);
  const [editing, setEditing] = useState<{ id: string | null } | null>(null);
  const [status, setStatus] = useState<{ kind: "idle" | "saving" | "saved" | "error"; message?: string }>({ kind: "idle" });
  const client = useQueryClient();

  const save = useCallback(
    async (patch: Patch): Promise<boolean> => {
      if (!canEdit) return false;
      setStatus({ kind: "saving" });
      try {
        const res = await fetch(`/api/v1/dashboards/${dashboard.id}?project=${encodeURIComponent(projectId)}`, {
          method: "PATCH",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(patch),
        });
        if (!res.ok) {
          const body = await res.json().catch(() => null);
          throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
        }
        setStatus({ kind: "saved" });
        return true;
      } catch (error) {
        setStatus({ kind: "error", message: `Not saved: ${(error as Error).message}. Undo or try again.` });
        return false;
      }
    },
    [canEdit, dashboard.id, projectId],
  );

  const change = (next: Widget[]) => {
    setHistory((h) => [...h.slice(-19), widgets]);
    setWidgets(next);
    void save({ widgets: next });
  };
  const undo = () => {
    const previous = history[history.length - 1];
    if (!previous) return;
    setHistory((h) => h.slice(0, -1));
    setWidgets(previous);
    void save({ widgets: previous });
  };
  const saveWidget = (config: WidgetConfig) => {
    if (editing?.id) {
      change(widgets.map((w) => (w.id === editing.id ? { ...w, config } : w)));
    } else {
      const size = defaultSizeOf(config.type);
      change(addBox(widgets, { id: newId(), ...size, config }));
    }
    setEditing(null);
  };
  const editingWidget = editing?.id ? widgets.find((w) => w.id === editing.id) : undefined;
  // The zone is saved only when it is not already the default (an unset zone stays each viewer's own).
  const saveViewAsDefault = async () => {
    const next: SavedView = { range: view.range, interval: view.interval, refreshSeconds: view.refreshSeconds, timezone: view.timezone === defaults.timezone ? saved.timezone : view.timezone };
    if (!(await save({ range: next.range, interval: next.interval, refreshSeconds: next.refreshSeconds, ...(next.timezone !== saved.timezone ? { timezone: next.timezone } : {}) }))) return;
    setSaved(next);
    settle(view, viewDefaults(next, yours ?? "UTC"));
  };

  return (
    <div className="stack dashboard" data-testid="dashboard" data-dashboard-id={dashboard.id}>
      <div className="dashboard-toolbar row wrap">
        <TimeRangePicker key={JSON.stringify(view.range)} value={view.range} onChange={(range) => show({ range })} />
        <IntervalPicker value={view.interval} range={view.range} onChange={(interval) => show({ interval })} />
        <TimezonePicker value={view.timezone} yours={yours} saved={saved.timezone} onChange={(timezone) => show({ timezone })} />
        <RefreshPicker value={view.refreshSeconds} onChange={(refreshSeconds) => show({ refreshSeconds })} />
        <button type="button" className="btn small" onClick={() => client.invalidateQueries({ queryKey: ["widget-data", projectId] })}>Refresh now</button>
        <LiveIndicator />
        <DashboardAnnotations projectId={projectId} range={view.range} timezone={view.timezone} canWrite={canEdit} />
        <div className="spacer" />
        <span className={`small save-status ${status.kind}`} role="status" data-testid="save-status">
          {status.kind === "saving" ? "Saving…" : status.kind === "saved" ? "All changes saved" : status.kind === "error" ? status.message : ""}
        </span>
        {canEdit && (
          <>
            <button type="button" className="btn small" onClick={() => void saveViewAsDefault()} disabled={sameView(view, defaults)} data-testid="save-view-default" title="Make this range, interval, time zone and refresh what everyone sees on opening this dashboard">Save as default</button>
            <button type="button" className="btn small" onClick={undo} disabled={history.length === 0} data-testid="undo">Undo</button>
            <button type="button" className="btn small primary" onClick={() => setEditing({ id: null })} data-testid="add-widget">Add widget</button>
          </>
        )}
      </div>
      {dashboard.problems && dashboard.problems.length > 0 && (
        <div className="form-error" role="alert" data-testid="dashboard-problems">
          Some widgets of this dashboard cannot be shown by this version of Flux{canEdit ? "; the next change you save removes them" : ""}:
          <ul>{dashboard.problems.map((p) => <li key={p}>{p}</li>)}</ul>
        </div>
      )}
      {!canEdit && <p className="small muted" data-testid="read-only-note">You can view this dashboard; your role does not allow editing it.</p>}
      {widgets.length === 0 ? (
        <div className="card empty-state">
          <h2>This dashboard is empty</h2>
          <p className="muted">{canEdit ? "Add a widget: pick a metric or event your app sends, how to aggregate it, and a chart." : "Ask an editor of this project to add widgets."}</p>
          {canEdit && <button type="button" className="btn primary" onClick={() => setEditing({ id: null })}>Add your first widget</button>}
        </div>
      ) : (
        <Grid
          items={widgets}
          columns={GRID_COLUMNS}
          editable={canEdit}
          label={widgetTitle}
          onMove={(id, to) => change(moveBox(widgets, id, to))}
          onResize={(id, to) => change(resizeBox(widgets, id, to))}
          renderItem={(w, handle) => (
            <WidgetCard
              projectId={projectId}
              widget={w}
              range={view.range}
              interval={view.interval}
              timezone={view.timezone}
              refreshSeconds={view.refreshSeconds}
              initial={initial[w.id]}
              handle={handle}
              canEdit={canEdit}
              onEdit={() => setEditing({ id: w.id })}
              onDelete={() => { if (confirm(`Delete the widget "${widgetTitle(w)}"? Undo brings it back.`)) change(removeBox(widgets, w.id)); }}
            />
          )}
        />
      )}
      {editing && (
        <WidgetEditor projectId={projectId} initial={editingWidget?.config ?? null} dashboardRange={view.range} interval={view.interval} timezone={view.timezone} onSave={saveWidget} onCancel={() => setEditing(null)} />
      )}
    </div>
  );
}
