import { pgTable, text, timestamp, uuid, integer, boolean, index, uniqueIndex } from "drizzle-orm/pg-core";
import { projects } from "./projects";
import { dashboards } from "./dashboards";
import { users } from "./users";

// A read-only link to one dashboard. Only the token's SHA-256 is kept: the link is shown once,
// at creation. Revoking sets revoked_at (the row stays for the list and its view count).
export const shareLinks = pgTable(
  "share_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    dashboardId: uuid("dashboard_id")
      .notNull()
      .references(() => dashboards.id, { onDelete: "cascade" }),
    label: text("label").notNull(),
    tokenHash: text("token_hash").notNull(),
    // The token's last characters, so people can tell their links apart.
    tokenHint: text("token_hint").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    passwordHash: text("password_hash"),
    allowRangeChange: boolean("allow_range_change").notNull().default(false),
    // With allowRangeChange: how far back a visitor may look (null: no bound).
    maxLookbackDays: integer("max_lookback_days"),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    lastViewedAt: timestamp("last_viewed_at", { withTimezone: true }),
    viewCount: integer("view_count").notNull().default(0),
  },
  (t) => [
    uniqueIndex("share_links_token_hash_idx").on(t.tokenHash),
    index("share_links_project_idx").on(t.projectId, t.createdAt),
    index("share_links_dashboard_idx").on(t.dashboardId),
  ],
);
