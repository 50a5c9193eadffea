import { z } from "zod";
import { AggregationName, Filter, Interval, RELATIVE_RANGES, Range, Timezone } from "@/lib/query/model";
import { StorableString } from "@/lib/validation/text";
import { GRID_COLUMNS } from "./constants";

export { GRID_COLUMNS, REFRESH_CHOICES } from "./constants";

// The one description of a dashboard and its widgets: validated when saved and when loaded,
// shared by the API, the pages and the widget registry. Client-safe (no database imports).

export const RANGE_PRESETS = RELATIVE_RANGES;
export const WidgetRange = Range;
export type WidgetRange = Range;
export const WidgetFilter = Filter;
export type WidgetFilter = Filter;

/** What one widget asks the query engine (the range, interval and compare come from the widget). */
export const WidgetQuery = z.object({
  source: z.enum(["metric", "event"]),
  name: StorableString().trim().min(1, "Choose a metric or event").max(200),
  aggregation: AggregationName,
  property: StorableString().max(200).optional(),
  filters: z.array(WidgetFilter).max(20).default([]),
  groupBy: z.array(StorableString().min(1).max(200)).max(3).default([]),
  limit: z.number().int().min(1).max(100).optional(),
  /** Shown in legends and table headers instead of the metric name. */
  label: StorableString().max(80).optional(),
});
export type WidgetQuery = z.infer<typeof WidgetQuery>;

const common = {
  title: StorableString().trim().max(120).default(""),
  /** Overrides the dashboard's time range for this widget only. */
  range: WidgetRange.optional(),
  /** Overrides the unit the catalog knows for the metric. */
  unit: StorableString().max(20).optional(),
};

export const Threshold = z.object({ value: z.number(), color: z.enum(["good", "warn", "bad"]) });
export type Threshold = z.infer<typeof Threshold>;

export const NumberConfig = z.object({
  type: z.literal("number"),
  ...common,
  query: WidgetQuery,
  /** Whether a rise is good news (signups) or bad (errors): colours the change. */
  higherIsBetter: z.boolean().default(true),
  /** Ascending by value; the highest threshold the value reaches colours it. */
  thresholds: z.array(Threshold).max(5).default([]),
});

export const GraphConfig = z.object({
  type: z.literal("graph"),
  ...common,
  queries: z.array(WidgetQuery).min(1).max(5),
  style: z.enum(["line", "area", "stacked"]).default("line"),
  compare: z.boolean().default(false),
  /**
   * Empty buckets: "auto" (or absent) carries a gauge's last reading forward, leaves gaps otherwise;
   * "last" always carries it, "zero" draws 0, "none" leaves gaps (lone values are still drawn).
   */
  fill: z.enum(["auto", "none", "last", "zero"]).optional(),
  /** Shade the expected band of the first query (as the anomaly detector sees it) behind the lines. */
  expectedBand: z.boolean().optional(),
});

export const BarConfig = z.object({
  type: z.literal("bar"),
  ...common,
  query: WidgetQuery,
  orientation: z.enum(["horizontal", "vertical"]).default("horizontal"),
});

export const PieConfig = z.object({
  type: z.literal("pie"),
  ...common,
  query: WidgetQuery,
  donut: z.boolean().default(true),
});

export const TableConfig = z.object({
  type: z.literal("table"),
  ...common,
  /** One column per query; rows are the groups of the first query's group-by. */
  queries: z.array(WidgetQuery).min(1).max(5),
});

export const HeatmapConfig = z.object({
  type: z.literal("heatmap"),
  ...common,
  query: WidgetQuery,
  /** hour of day × day of week, or time × value buckets (the `histogram` aggregation). */
  mode: z.enum(["week_hours", "distribution"]).default("week_hours"),
});

export const WidgetConfig = z.discriminatedUnion("type", [NumberConfig, GraphConfig, BarConfig, PieConfig, TableConfig, HeatmapConfig]);
export type WidgetConfig = z.infer<typeof WidgetConfig>;
export type WidgetType = WidgetConfig["type"];
export type ConfigOf<T extends WidgetType> = Extract<WidgetConfig, { type: T }>;


export const Widget = z
  .object({
    id: StorableString().min(1).max(64),
    x: z.number().int().min(0).max(GRID_COLUMNS - 1),
    y: z.number().int().min(0).max(1000),
    w: z.number().int().min(1).max(GRID_COLUMNS),
    h: z.number().int().min(1).max(20),
    config: WidgetConfig,
  })
  .refine((w) => w.x + w.w <= GRID_COLUMNS, { message: `A widget must fit in ${GRID_COLUMNS} columns`, path: ["w"] });
export type Widget = z.infer<typeof Widget>;


/** What is stored in `dashboards.definition`. */
const Widgets = z
  .array(Widget)
  .max(50, "A dashboard holds at most 50 widgets")
  .refine((ws) => new Set(ws.map((w) => w.id)).size === ws.length, "Widget ids must be unique");
/** Seconds between automatic refreshes; 0 turns it off. */
const RefreshSeconds = z.number().int().min(0).max(3600);

/** What is stored in `dashboards.definition`. */
export const DashboardDefinition = z.object({
  widgets: Widgets.default([]),
  range: WidgetRange.default("7d"),
  refreshSeconds: RefreshSeconds.default(0),
  /** Bucket size of every widget that leaves it to the dashboard ("auto" fits the range). */
  interval: Interval.default("auto"),
  /** IANA zone in which days, weeks and hours of day are counted; unset, each viewer's own zone. */
  timezone: Timezone.optional(),
});
export type DashboardDefinition = z.infer<typeof DashboardDefinition>;

export const DashboardName = StorableString("Give the dashboard a name").trim().min(1, "Give the dashboard a name").max(100, "Use at most 100 characters");

export const Dashboard = DashboardDefinition.extend({
  id: z.string(),
  name: DashboardName,
  isDefault: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Stored widgets this version cannot show (an unknown type, say), left out of `widgets`. */
  problems: z.array(z.string()).optional(),
});

/**
 * Reads a stored definition. A widget that does not validate (written by another Flux
 * version, or by hand) is left out and described in `problems` instead of failing the load.
 */
export function parseStoredDefinition(raw: unknown): { definition: DashboardDefinition; problems: string[] } {
  const whole = DashboardDefinition.safeParse(raw);
  if (whole.success) return { definition: whole.data, problems: [] };
  const source = (raw && typeof raw === "object" ? raw : {}) as { widgets?: unknown };
  const problems: string[] = [];
  const widgets: Widget[] = [];
  for (const item of Array.isArray(source.widgets) ? source.widgets : []) {
    const parsed = Widget.safeParse(item);
    const id = String((item as { id?: unknown })?.id ?? "?");
    if (parsed.success && !widgets.some((w) => w.id === parsed.data.id)) widgets.push(parsed.data);
    else {
      const type = (item as { config?: { type?: unknown } })?.config?.type;
      problems.push(`Widget ${id}${typeof type === "string" ? ` (type "${type}")` : ""} cannot be shown: ${parsed.success ? "duplicate id" : parsed.error.issues[0]?.message}`);
    }
  }
  // Each setting on its own: a zone this database no longer knows falls back to UTC, not the range too.
  const rest = source as { range?: unknown; refreshSeconds?: unknown; interval?: unknown; timezone?: unknown };
  const field = <T>(schema: z.ZodType<T>, value: unknown, fallback: T, what: string): T => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) problems.push(`The stored ${what} cannot be used; showing ${String(fallback)}`);
    return parsed.success ? parsed.data : fallback;
  };
  const range = field(DashboardDefinition.shape.range, rest.range, "7d", "range");
  const refreshSeconds = field(DashboardDefinition.shape.refreshSeconds, rest.refreshSeconds, 0, "refresh interval");
  const interval = field(DashboardDefinition.shape.interval, rest.interval, "auto", "interval");
  const timezone = field(DashboardDefinition.shape.timezone, rest.timezone ?? undefined, "UTC", "time zone");
  return { definition: { widgets, range, refreshSeconds, interval, ...(timezone ? { timezone } : {}) }, problems };
}
export type Dashboard = z.infer<typeof Dashboard>;

export const CreateDashboardInput = DashboardDefinition.partial().extend({ name: DashboardName });
export const ReplaceDashboardInput = DashboardDefinition.extend({ name: DashboardName });
export const UpdateDashboardInput = z.object({
  name: DashboardName.optional(),
  widgets: Widgets.optional(),
  range: WidgetRange.optional(),
  refreshSeconds: RefreshSeconds.optional(),
  interval: Interval.optional(),
  /** null unsets it: each viewer then sees the dashboard in their own zone. */
  timezone: Timezone.nullable().optional(),
  isDefault: z.literal(true).optional(),
});
