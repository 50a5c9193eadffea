import { pgTable, integer, timestamp, doublePrecision, text, uuid, jsonb } from "drizzle-orm/pg-core";

// The time-partitioned raw tables. They are created by the hand-written migration
// drizzle/0001_raw_tables.sql (hypertables with TimescaleDB, native range partitions
// without), so drizzle-kit does not manage them; these definitions are for typed queries.

export const points = pgTable("points", {
  seriesId: integer("series_id").notNull(),
  time: timestamp("time", { withTimezone: true }).notNull(),
  value: doublePrecision("value").notNull(),
});

export const setPoints = pgTable("set_points", {
  seriesId: integer("series_id").notNull(),
  time: timestamp("time", { withTimezone: true }).notNull(),
  member: text("member").notNull(),
});

export const events = pgTable("events", {
  projectId: uuid("project_id").notNull(),
  time: timestamp("time", { withTimezone: true }).notNull(),
  name: text("name").notNull(),
  eventId: text("event_id"),
  userId: text("user_id"),
  sessionId: text("session_id"),
  value: doublePrecision("value"),
  properties: jsonb("properties").$type<Record<string, unknown>>().notNull(),
  tags: jsonb("tags").$type<Record<string, string>>().notNull(),
  environment: text("environment"),
  service: text("service"),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
});

/** Tables partitioned by time, and the width of one native partition. */
export const PARTITIONED_TABLES = ["points", "set_points", "events"] as const;
export type PartitionedTable = (typeof PARTITIONED_TABLES)[number];
