import { pgTable, text, timestamp, uuid, integer, jsonb, uniqueIndex, index, primaryKey, pgEnum, bigint, boolean } from "drizzle-orm/pg-core";
import { projects } from "./projects";

export const metricType = pgEnum("metric_type", ["gauge", "counter", "distribution", "set"]);

// The catalog: one row per metric name per project, registered by its first point.
export const metrics = pgTable(
  "metrics",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    type: metricType("type").notNull(),
    displayName: text("display_name"),
    unit: text("unit"),
    description: text("description"),
    // Whether a rise is good news (number widgets colour their change by it); null: not said.
    higherIsBetter: boolean("higher_is_better"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("metrics_project_name_idx").on(t.projectId, t.name)],
);

// A series is one metric with one exact tag set; points reference it by integer id.
export const series = pgTable(
  "series",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    metricId: integer("metric_id")
      .notNull()
      .references(() => metrics.id, { onDelete: "cascade" }),
    tags: jsonb("tags").$type<Record<string, string>>().notNull(),
    tagHash: text("tag_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("series_metric_tags_idx").on(t.metricId, t.tagHash),
    index("series_project_idx").on(t.projectId),
    index("series_tags_gin_idx").using("gin", t.tags),
  ],
);

export const eventNames = pgTable(
  "event_names",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    displayName: text("display_name"),
    description: text("description"),
    unit: text("unit"),
    higherIsBetter: boolean("higher_is_better"),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    // Running total kept by ingest so the catalog lists counts without scanning events.
    total: bigint("total", { mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.name] })],
);
