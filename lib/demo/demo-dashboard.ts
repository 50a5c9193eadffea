import type { Widget, WidgetQuery } from "@/lib/dashboards/schema";

const ev = (name: string, aggregation: WidgetQuery["aggregation"], over: Partial<WidgetQuery> = {}): WidgetQuery => ({ source: "event", name, aggregation, filters: [], groupBy: [], ...over });
const mt = (name: string, aggregation: WidgetQuery["aggregation"], over: Partial<WidgetQuery> = {}): WidgetQuery => ({ source: "metric", name, aggregation, filters: [], groupBy: [], ...over });

/** The demo dashboard: every widget type over the demo history. */
export const DEMO_WIDGETS: Widget[] = [
  { id: "signups", x: 0, y: 0, w: 3, h: 2, config: { type: "number", title: "Signups", query: ev("user.signed_up", "count"), higherIsBetter: true, thresholds: [] } },
  { id: "revenue", x: 3, y: 0, w: 3, h: 2, config: { type: "number", title: "Revenue", unit: "usd", query: ev("order.completed", "sum"), higherIsBetter: true, thresholds: [] } },
  { id: "orders", x: 6, y: 0, w: 3, h: 2, config: { type: "number", title: "Orders", query: ev("order.completed", "count"), higherIsBetter: true, thresholds: [] } },
  {
    id: "latency-p95", x: 9, y: 0, w: 3, h: 2,
    config: { type: "number", title: "Response time p95", unit: "ms", query: mt("http.request.duration", "p95"), higherIsBetter: false, thresholds: [{ value: 400, color: "warn" }, { value: 800, color: "bad" }] },
  },
  {
    id: "orders-signups", x: 0, y: 2, w: 8, h: 4,
    config: { type: "graph", title: "Orders and signups vs previous period", style: "line", compare: true, queries: [ev("order.completed", "count", { label: "Orders" }), ev("user.signed_up", "count", { label: "Signups" })] },
  },
  { id: "revenue-by-plan", x: 8, y: 2, w: 4, h: 4, config: { type: "pie", title: "Revenue by plan", unit: "usd", donut: true, query: ev("order.completed", "sum", { groupBy: ["plan"] }) } },
  { id: "calls-by-endpoint", x: 0, y: 6, w: 5, h: 4, config: { type: "bar", title: "API calls by endpoint", orientation: "horizontal", query: mt("api.calls", "sum", { groupBy: ["endpoint"], limit: 10 }) } },
  {
    id: "endpoints", x: 5, y: 6, w: 7, h: 4,
    config: {
      type: "table",
      title: "Endpoints",
      queries: [mt("api.calls", "sum", { groupBy: ["endpoint"], label: "Calls" }), mt("http.request.duration", "p95", { label: "p95 (ms)" }), mt("http.request.duration", "avg", { label: "avg (ms)" })],
    },
  },
  { id: "orders-heatmap", x: 0, y: 10, w: 6, h: 4, config: { type: "heatmap", title: "Orders by hour and weekday", range: "30d", mode: "week_hours", query: ev("order.completed", "count") } },
  { id: "latency-heatmap", x: 6, y: 10, w: 6, h: 4, config: { type: "heatmap", title: "Response time distribution", unit: "ms", range: "24h", mode: "distribution", query: mt("http.request.duration", "histogram") } },
  { id: "active-users", x: 0, y: 14, w: 6, h: 4, config: { type: "graph", title: "Active users", style: "area", compare: false, queries: [mt("active_users", "avg", { label: "Active users" })] } },
  {
    id: "latency-by-endpoint", x: 6, y: 14, w: 6, h: 4,
    config: { type: "graph", title: "Response time p95 by endpoint", unit: "ms", style: "line", compare: false, queries: [mt("http.request.duration", "p95", { groupBy: ["endpoint"] })] },
  },
];
