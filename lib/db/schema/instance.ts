import { pgTable, text, timestamp, jsonb } from "drizzle-orm/pg-core";

// Facts about this Flux installation (e.g. whether TimescaleDB is available).
export const instanceSettings = pgTable("instance_settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
