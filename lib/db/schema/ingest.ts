import { pgTable, text, timestamp, uuid, jsonb, primaryKey, index } from "drizzle-orm/pg-core";
import { projects } from "./projects";

// A retried batch (same Idempotency-Key) answers with the stored response instead of
// writing again; rows expire after a day (see lib/ingest).
export const ingestRequests = pgTable(
  "ingest_requests",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    response: jsonb("response").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.key] }), index("ingest_requests_created_idx").on(t.createdAt)],
);

// Client-generated event ids already stored, so a resent event is not counted twice.
export const eventIds = pgTable(
  "event_ids",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    eventId: text("event_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // created_at: the purge-event-ids job deletes the oldest in batches without scanning the table.
  (t) => [primaryKey({ columns: [t.projectId, t.eventId] }), index("event_ids_created_idx").on(t.createdAt)],
);
