"use client";

/** One wording per state, for every widget type (renderers with nothing to draw use NoData). */
export const WIDGET_STATES = {
  loading: "Loading…",
  failed: "The query failed",
  noData: "No data in this time range",
  noQuery: "Choose a metric or event to see data",
} as const;

export function WidgetSkeleton() {
  return (
    <div className="widget-skeleton" aria-busy="true" aria-label={WIDGET_STATES.loading}>
      <div className="skeleton" style={{ height: 14, width: "40%" }} />
      <div className="skeleton" style={{ flex: 1 }} />
    </div>
  );
}

export function WidgetMessage({ title, children, tone = "muted", action }: { title: string; children?: React.ReactNode; tone?: "muted" | "bad"; action?: React.ReactNode }) {
  return (
    <div className={`widget-message ${tone}`} role={tone === "bad" ? "alert" : "status"}>
      <strong>{title}</strong>
      {children && <p className="small">{children}</p>}
      {action}
    </div>
  );
}

/** The empty state, as every widget type says it. */
export function NoData({ name }: { name: string }) {
  return (
    <WidgetMessage title={WIDGET_STATES.noData}>
      Widen the time range, loosen the filters, or send data for <code>{name}</code> (see Getting started on the project home).
    </WidgetMessage>
  );
}
