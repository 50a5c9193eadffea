import { pgTable, text, timestamp, uuid, jsonb, doublePrecision, integer, bigint, boolean, index, primaryKey } from "drizzle-orm/pg-core";
import { projects } from "./projects";
import { users } from "./users";

// Where alerts go: a webhook (JSON signed with HMAC), a Slack incoming webhook or email.
export const alertChannels = pgTable(
  "alert_channels",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    // 'webhook' | 'slack' | 'email'
    kind: text("kind").notNull(),
    // Per kind: { url } for webhook and slack, { to: string[] } for email.
    config: jsonb("config").$type<Record<string, unknown>>().notNull(),
    // The webhook's HMAC signing key (shown to admins; null for other kinds).
    secret: text("secret"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("alert_channels_project_idx").on(t.projectId)],
);

// A rule: what to watch ('anomaly' | 'threshold' | 'no_data', details in condition), how loud
// (severity), where to send it and how often to repeat.
export const alertRules = pgTable(
  "alert_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: text("kind").notNull(),
    condition: jsonb("condition").$type<Record<string, unknown>>().notNull(),
    // 'info' | 'warning' | 'critical'
    severity: text("severity").notNull(),
    channelIds: uuid("channel_ids").array().notNull().default([]),
    renotifyMinutes: integer("renotify_minutes"),
    mutedUntil: timestamp("muted_until", { withTimezone: true }),
    enabled: boolean("enabled").notNull().default(true),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("alert_rules_project_idx").on(t.projectId)],
);

// The state of a rule per group ('' when the rule has no group-by).
export const alertStates = pgTable(
  "alert_states",
  {
    ruleId: uuid("rule_id")
      .notNull()
      .references(() => alertRules.id, { onDelete: "cascade" }),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    groupKey: text("group_key").notNull().default(""),
    group: jsonb("group").$type<Record<string, string>>().notNull().default({}),
    // 'normal' | 'pending' | 'firing' | 'recovering' | 'no_data' | 'error'
    state: text("state").notNull(),
    since: timestamp("since", { withTimezone: true }).notNull().defaultNow(),
    // When the condition first held (pending) or first cleared (recovering).
    conditionSince: timestamp("condition_since", { withTimezone: true }),
    lastEvaluatedAt: timestamp("last_evaluated_at", { withTimezone: true }),
    lastValue: doublePrecision("last_value"),
    lastNotifiedAt: timestamp("last_notified_at", { withTimezone: true }),
    message: text("message"),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.groupKey] }), index("alert_states_project_idx").on(t.projectId, t.state)],
);

// Every state change of every rule and group.
export const alertTransitions = pgTable(
  "alert_transitions",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    ruleId: uuid("rule_id")
      .notNull()
      .references(() => alertRules.id, { onDelete: "cascade" }),
    groupKey: text("group_key").notNull().default(""),
    fromState: text("from_state").notNull(),
    toState: text("to_state").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    value: doublePrecision("value"),
    message: text("message").notNull(),
    anomalyId: uuid("anomaly_id"),
  },
  (t) => [index("alert_transitions_project_at_idx").on(t.projectId, t.at), index("alert_transitions_rule_idx").on(t.ruleId, t.at)],
);

// The outbox: one row per message to one channel, retried with back-off until delivered or failed.
export const alertDeliveries = pgTable(
  "alert_deliveries",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => alertChannels.id, { onDelete: "cascade" }),
    // Null for a "send test" message.
    ruleId: uuid("rule_id").references(() => alertRules.id, { onDelete: "set null" }),
    transitionId: bigint("transition_id", { mode: "number" }).references(() => alertTransitions.id, { onDelete: "set null" }),
    // 'pending' | 'delivered' | 'failed'
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    responseStatus: integer("response_status"),
    payload: jsonb("payload").$type<unknown>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (t) => [index("alert_deliveries_due_idx").on(t.status, t.nextAttemptAt), index("alert_deliveries_project_idx").on(t.projectId, t.createdAt)],
);
