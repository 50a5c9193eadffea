import { pgTable, text, timestamp, uuid, index } from "drizzle-orm/pg-core";
import { projects } from "./projects";
import { users } from "./users";
import { apiKeys } from "./api-keys";

// A deploy, launch or incident: an instant (ends_at null) or a span. Drawn on graphs; a span is
// left out of anomaly baselines and named in explanations.
export const annotations = pgTable(
  "annotations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }),
    title: text("title").notNull(),
    description: text("description"),
    tags: text("tags").array().notNull().default([]),
    createdByUser: uuid("created_by_user").references(() => users.id, { onDelete: "set null" }),
    createdByKey: uuid("created_by_key").references(() => apiKeys.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("annotations_project_starts_idx").on(t.projectId, t.startsAt)],
);
