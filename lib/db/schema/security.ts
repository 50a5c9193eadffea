import { pgTable, text, timestamp, uuid, integer, index, uniqueIndex } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { projects, projectRole } from "./projects";
import { users } from "./users";

// One row per signed-in browser. The session cookie names its row; deleting the row (sign-out,
// password change, removal of the user) ends that session on its next request.
export const userSessions = pgTable(
  "user_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("user_sessions_user_idx").on(t.userId)],
);

// Attempt counters shared by every app instance (sign-in, sign-up, share passwords): one row
// per limited key, e.g. "sign-in:account:<email>" or "sign-in:ip:<address>".
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    failures: integer("failures").notNull().default(0),
    windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull().defaultNow(),
    blockedUntil: timestamp("blocked_until", { withTimezone: true }),
    // How many times this key has been blocked in a row: each block lasts longer (back-off).
    strikes: integer("strikes").notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("rate_limits_updated_idx").on(t.updatedAt)],
);

// A pending invitation to a project: the invited person accepts it from their home page.
export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: projectRole("role").notNull(),
    invitedBy: uuid("invited_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("invitations_project_email_idx").on(t.projectId, sql`lower(${t.email})`),
    index("invitations_email_idx").on(sql`lower(${t.email})`),
  ],
);
