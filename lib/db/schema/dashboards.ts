import { pgTable, text, timestamp, uuid, jsonb, index } from "drizzle-orm/pg-core";
import { projects } from "./projects";
import { users } from "./users";

export const dashboards = pgTable(
  "dashboards",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    // Validated by lib/dashboards/schema.ts on every save and load.
    definition: jsonb("definition").$type<unknown>().notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("dashboards_project_idx").on(t.projectId)],
);
