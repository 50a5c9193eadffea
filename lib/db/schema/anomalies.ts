import { pgTable, text, timestamp, uuid, jsonb, doublePrecision, integer, index, uniqueIndex, primaryKey } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { projects } from "./projects";
import { users } from "./users";

/** What a detected episode is about: a metric series (or the metric as a whole) or an event stream. */
export interface AnomalyContributor {
  /** Tag key (metrics) or property key (events). */
  key: string;
  value: string;
  /** Share of the change this value explains, 0..1 (negative when it moved against it). */
  share: number;
}

// One anomaly episode: it grows while the series stays abnormal and closes (ended_at) when the
// series is back to normal. At most one open episode per watched series.
export const anomalies = pgTable(
  "anomalies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    // 'metric' | 'event'
    source: text("source").notNull(),
    name: text("name").notNull(),
    // The aggregation judged, in the query model's terms (e.g. 'rate', 'avg', 'count').
    aggregation: text("aggregation").notNull(),
    // '' for the whole metric or event stream; else the canonical JSON of the tag set.
    seriesKey: text("series_key").notNull().default(""),
    tags: jsonb("tags").$type<Record<string, string>>().notNull().default({}),
    // 'spike' | 'drop' | 'level_shift' | 'silence'
    kind: text("kind").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    lastAnomalousAt: timestamp("last_anomalous_at", { withTimezone: true }).notNull(),
    // Bucket size the episode was judged at, in seconds.
    bucketSeconds: integer("bucket_seconds").notNull(),
    expected: doublePrecision("expected"),
    lower: doublePrecision("lower"),
    upper: doublePrecision("upper"),
    actual: doublePrecision("actual"),
    peakScore: doublePrecision("peak_score").notNull(),
    // 'low' | 'medium' | 'high' | 'critical'
    severity: text("severity").notNull(),
    explanation: text("explanation").notNull(),
    contributors: jsonb("contributors").$type<AnomalyContributor[]>().notNull().default([]),
    annotationIds: uuid("annotation_ids").array().notNull().default([]),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    acknowledgedBy: uuid("acknowledged_by").references(() => users.id, { onDelete: "set null" }),
    // 'normal': a person said this pattern is expected; it no longer alerts and the detector learns it.
    feedback: text("feedback"),
    feedbackAt: timestamp("feedback_at", { withTimezone: true }),
    feedbackBy: uuid("feedback_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("anomalies_open_idx").on(t.projectId, t.source, t.name, t.seriesKey).where(sql`ended_at IS NULL`),
    index("anomalies_project_started_idx").on(t.projectId, t.startedAt),
  ],
);

// What the detector watches: one row per series it examines, with its cadence (busy series each
// minute, slow ones less often) and whatever state the detector keeps between runs.
export const anomalyWatches = pgTable(
  "anomaly_watches",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    source: text("source").notNull(),
    name: text("name").notNull(),
    seriesKey: text("series_key").notNull().default(""),
    cadenceSeconds: integer("cadence_seconds").notNull(),
    nextCheckAt: timestamp("next_check_at", { withTimezone: true }).notNull().defaultNow(),
    lastCheckedAt: timestamp("last_checked_at", { withTimezone: true }),
    lastScore: doublePrecision("last_score"),
    state: jsonb("state").$type<unknown>(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.source, t.name, t.seriesKey] }), index("anomaly_watches_due_idx").on(t.nextCheckAt)],
);
