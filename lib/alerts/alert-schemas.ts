import { z } from "zod";
import { FormulaQuery, MultiQuery, SingleQuery } from "@/lib/query/model";
import { StorableString } from "@/lib/validation/text";
import { Uuid } from "@/lib/validation/ids";

// What people send to manage alert channels and rules. Client-safe (zod only): the settings
// forms validate with the same schemas the domain functions parse with.

export const CHANNEL_KINDS = ["webhook", "slack", "email"] as const;
export const RULE_SEVERITIES = ["info", "warning", "critical"] as const;
export const ANOMALY_SEVERITIES = ["low", "medium", "high", "critical"] as const;
export const ALERT_STATES = ["normal", "pending", "firing", "recovering", "no_data", "error"] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export const MAX_RECIPIENTS = 10;
export const RENOTIFY_MINUTES = { min: 5, max: 7 * 24 * 60 } as const;
/** Threshold windows are evaluated in one-minute buckets, so a day is the longest (1,440 buckets). */
export const WINDOW_MINUTES = { min: 1, max: 24 * 60 } as const;
export const FOR_MINUTES = { min: 0, max: 24 * 60 } as const;

const Name = StorableString("must be a string").trim().min(1, "Give it a name").max(100, "At most 100 characters");

/** An http(s) URL; `webhook` also refuses credentials, which would be stored and shown in the clear. */
const httpUrl = (opts: { noCredentials: boolean }) =>
  StorableString("must be a URL")
    .trim()
    .max(2000, "At most 2,000 characters")
    .superRefine((value, ctx) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({ code: "custom", message: "Must be a full URL such as https://example.com/hook" });
        return;
      }
      if (url.protocol !== "https:" && url.protocol !== "http:") ctx.addIssue({ code: "custom", message: "Must start with https:// or http://" });
      else if (opts.noCredentials && (url.username || url.password)) {
        ctx.addIssue({ code: "custom", message: "Must not contain a user name or password: the request is signed instead (X-Flux-Signature)" });
      }
    });

const Email = StorableString("must be an email address")
  .trim()
  .max(254, "At most 254 characters")
  .pipe(z.email({ message: "Must be an email address such as ops@example.com" }));

const Recipients = z
  .array(Email, { error: "must be a list of email addresses" })
  .min(1, "Name at least one recipient")
  .max(MAX_RECIPIENTS, `At most ${MAX_RECIPIENTS} recipients`)
  .refine((to) => new Set(to.map((e) => e.toLowerCase())).size === to.length, { message: "Each recipient once" });

export const WebhookChannelInput = z.strictObject({ name: Name, kind: z.literal("webhook"), url: httpUrl({ noCredentials: true }) });
export const SlackChannelInput = z.strictObject({ name: Name, kind: z.literal("slack"), url: httpUrl({ noCredentials: true }) });
export const EmailChannelInput = z.strictObject({ name: Name, kind: z.literal("email"), to: Recipients });

export const AlertChannelInput = z.discriminatedUnion("kind", [WebhookChannelInput, SlackChannelInput, EmailChannelInput], {
  error: "kind must be one of webhook, slack, email",
});
export type AlertChannelInput = z.infer<typeof AlertChannelInput>;

/** A channel's kind never changes; `rotateSecret` gives a webhook a new signing key. */
export const UpdateAlertChannelInput = z.strictObject({
  name: Name.optional(),
  url: httpUrl({ noCredentials: true }).optional(),
  to: Recipients.optional(),
  rotateSecret: z.literal(true).optional(),
});
export type UpdateAlertChannelInput = z.infer<typeof UpdateAlertChannelInput>;

/** The query model's requests without a range, interval or comparison: the rule's window sets them. */
const AlertSingleQuery = SingleQuery.omit({ range: true, interval: true, timezone: true, compare: true }).strict();
const AlertFormulaQuery = FormulaQuery.omit({ range: true, interval: true, timezone: true, compare: true })
  .extend({ queries: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, "Name sub-queries with lower-case letters, e.g. a, b, errors"), AlertSingleQuery) })
  .strict()
  .refine((q) => Object.keys(q.queries).length >= 1 && Object.keys(q.queries).length <= 10, { message: "Send 1 to 10 queries", path: ["queries"] });
const AlertMultiQuery = MultiQuery.extend({
  queries: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, "Name sub-queries with lower-case letters, e.g. a, b, errors"), AlertSingleQuery),
})
  .strict()
  .refine((q) => Object.keys(q.queries).length >= 1 && Object.keys(q.queries).length <= 10, { message: "Send 1 to 10 queries", path: ["queries"] });

/** Picks the one query shape meant (as the query API does), so errors name the exact field. */
export const AlertQuery = z.custom<unknown>().transform((value, ctx) => {
  const schema = value && typeof value === "object" && "queries" in value ? ("formula" in value ? AlertFormulaQuery : AlertMultiQuery) : AlertSingleQuery;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data as AlertQueryRequest;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
  return z.NEVER;
});
export type AlertQueryRequest = z.infer<typeof AlertSingleQuery> | z.infer<typeof AlertFormulaQuery> | z.infer<typeof AlertMultiQuery>;

const Source = z.enum(["metric", "event"], { error: "source must be metric or event" });
const SeriesName = StorableString().trim().min(1, "Name the metric or event").max(200, "At most 200 characters");
const Minutes = (bounds: { min: number; max: number }) =>
  z.number({ error: "must be a number of minutes" }).int("Whole minutes").min(bounds.min, `At least ${bounds.min}`).max(bounds.max, `At most ${bounds.max}`);

export const AnomalyCondition = z.strictObject({
  kind: z.literal("anomaly"),
  source: Source,
  name: SeriesName,
  minSeverity: z.enum(ANOMALY_SEVERITIES, { error: "minSeverity must be low, medium, high or critical" }).default("medium"),
});

export const ThresholdCondition = z
  .strictObject({
    kind: z.literal("threshold"),
    query: AlertQuery,
    reduce: z.enum(["avg", "min", "max", "sum", "last"], { error: "reduce must be avg, min, max, sum or last" }),
    windowMinutes: Minutes(WINDOW_MINUTES),
    op: z.enum(["above", "below"], { error: "op must be above or below" }),
    value: z.number({ error: "must be a number" }).finite(),
    recoverValue: z.number({ error: "must be a number" }).finite().optional(),
    forMinutes: Minutes(FOR_MINUTES).default(0),
  })
  .superRefine((c, ctx) => {
    // Hysteresis: the value that ends an alert lies on the safe side of the one that starts it.
    if (c.recoverValue === undefined) return;
    if (c.op === "above" && c.recoverValue > c.value) ctx.addIssue({ code: "custom", path: ["recoverValue"], message: "For 'above', recoverValue must be at most value" });
    if (c.op === "below" && c.recoverValue < c.value) ctx.addIssue({ code: "custom", path: ["recoverValue"], message: "For 'below', recoverValue must be at least value" });
  });

export const NoDataCondition = z.strictObject({
  kind: z.literal("no_data"),
  source: Source,
  name: SeriesName,
  forMinutes: Minutes({ min: 1, max: FOR_MINUTES.max }),
});

export const AlertCondition = z.discriminatedUnion("kind", [AnomalyCondition, ThresholdCondition, NoDataCondition], {
  error: "condition.kind must be one of anomaly, threshold, no_data",
});
export type AlertCondition = z.infer<typeof AlertCondition>;
export type ThresholdCondition = z.infer<typeof ThresholdCondition>;

const MutedUntil = z.iso
  .datetime({ offset: true, message: "Must be an ISO 8601 time with a zone, e.g. 2026-12-01T08:00:00Z" })
  .refine((v) => {
    // Unparsable text has its format error already.
    const ms = Date.parse(v);
    return Number.isNaN(ms) || (ms >= 0 && ms < Date.UTC(10_000, 0, 1));
  }, "Must lie between 1970 and 9999")
  .nullable();
const ChannelIds = z.array(Uuid, { error: "must be a list of channel ids" }).max(20, "At most 20 channels").refine((ids) => new Set(ids).size === ids.length, { message: "Each channel once" });
const Renotify = Minutes(RENOTIFY_MINUTES).nullable();

export const AlertRuleInput = z.strictObject({
  name: Name,
  severity: z.enum(RULE_SEVERITIES, { error: "severity must be info, warning or critical" }).default("warning"),
  channelIds: ChannelIds.default([]),
  renotifyMinutes: Renotify.default(null),
  mutedUntil: MutedUntil.default(null),
  enabled: z.boolean({ error: "must be true or false" }).default(true),
  condition: AlertCondition,
});
export type AlertRuleInput = z.infer<typeof AlertRuleInput>;

export const UpdateAlertRuleInput = z.strictObject({
  name: Name.optional(),
  severity: z.enum(RULE_SEVERITIES, { error: "severity must be info, warning or critical" }).optional(),
  channelIds: ChannelIds.optional(),
  renotifyMinutes: Renotify.optional(),
  mutedUntil: MutedUntil.optional(),
  enabled: z.boolean({ error: "must be true or false" }).optional(),
  condition: AlertCondition.optional(),
});
export type UpdateAlertRuleInput = z.infer<typeof UpdateAlertRuleInput>;

export const AlertHistoryInput = z.strictObject({
  ruleId: Uuid.optional(),
  limit: z.coerce.number({ error: "must be a number" }).int().min(1, "At least 1").max(200, "At most 200").default(50),
  cursor: z.string().regex(/^\d{1,18}$/, "Use the nextCursor of the previous page").optional(),
});
export type AlertHistoryInput = z.infer<typeof AlertHistoryInput>;
