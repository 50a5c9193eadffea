import { pgTable, text, timestamp, uuid, primaryKey, index, jsonb, pgEnum } from "drizzle-orm/pg-core";
import { users } from "./users";

export const projectRole = pgEnum("project_role", ["owner", "editor", "viewer"]);

export const projects = pgTable("projects", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  // Per-project settings (retention ages, time zone); see lib/projects/settings.ts.
  settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
  defaultDashboardId: uuid("default_dashboard_id"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const memberships = pgTable(
  "memberships",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: projectRole("role").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);
