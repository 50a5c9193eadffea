import { z } from "zod";
import { INSTANT_PROBLEM_MESSAGES, parseInstant } from "@/lib/time/instant";
import { isStorableText } from "@/lib/validation/text";
import { INGEST_LIMITS as L, NAME_PATTERN } from "./limits";

export { isStorableText };

// Wire schemas for one event and one metric point. They accept what the BrainzLab SDKs send
// (nulls for absent fields, numbers and booleans as tag values, ISO or epoch-ms timestamps,
// decimal strings as values)
// and normalise it; the skew check needs "now", so it runs in parse-items.ts.

const storable = (what: string) => (s: string) => isStorableText(s) || `${what} contains a NUL character or invalid Unicode`;

export const MetricName = z
  .string({ error: "name must be a string" })
  .min(1, "name is required")
  .max(L.maxNameLength, `name is longer than ${L.maxNameLength} characters`)
  .regex(NAME_PATTERN, "name may contain only letters, digits and . _ - : /");

/** Epoch ms of an ISO 8601 string (no offset means UTC) or epoch-ms number; NaN if neither. */
export function timestampMs(v: string | number): number {
  if (typeof v === "number") return Number.isFinite(v) && Math.abs(v) <= 8.64e15 ? Math.round(v) : NaN;
  const parsed = parseInstant(v);
  return typeof parsed === "string" ? NaN : parsed.ms;
}

/** Absent or null means "now". */
export const Timestamp = z
  .union([z.string(), z.number(), z.null()], { error: "timestamp must be an ISO 8601 string or epoch milliseconds" })
  .optional()
  .transform((v, ctx): number | undefined => {
    if (v === null || v === undefined) return undefined;
    const ms = timestampMs(v);
    if (Number.isNaN(ms)) {
      const problem = typeof v === "string" ? parseInstant(v) : "format";
      const why = problem === "calendar" || problem === "range" ? `${INSTANT_PROBLEM_MESSAGES[problem]}; ` : "";
      ctx.addIssue({ code: "custom", message: `timestamp is not a valid time: ${why}send an ISO 8601 string (e.g. 2026-01-31T12:00:00.000Z) or epoch milliseconds` });
      return z.NEVER;
    }
    return ms;
  });

/** Tag values may be strings, numbers or booleans (stored as strings); null drops the tag. */
export const Tags = z
  .custom<Record<string, unknown>>((v) => v === null || v === undefined || (typeof v === "object" && !Array.isArray(v)), "tags must be an object of strings")
  .transform((v, ctx): Record<string, string> => {
    // No prototype, so a tag named "__proto__" is kept like any other.
    const out: Record<string, string> = Object.create(null);
    if (!v) return out;
    const keys = Object.keys(v);
    if (keys.length > L.maxTagsPerItem) {
      ctx.addIssue({ code: "custom", message: `at most ${L.maxTagsPerItem} tags per item (got ${keys.length})` });
      return z.NEVER;
    }
    for (const key of keys) {
      const raw = v[key];
      if (raw === null || raw === undefined) continue;
      let value: string;
      if (typeof raw === "string") value = raw;
      else if ((typeof raw === "number" && Number.isFinite(raw)) || typeof raw === "boolean") value = String(raw);
      else {
        ctx.addIssue({ code: "custom", path: [key], message: "a tag value must be a string, number or boolean" });
        return z.NEVER;
      }
      const problem =
        key.length === 0 || key.length > L.maxTagKeyLength
          ? `tag keys must be 1–${L.maxTagKeyLength} characters`
          : value.length > L.maxTagValueLength
            ? `tag values must be at most ${L.maxTagValueLength} characters`
            : !isStorableText(key) || !isStorableText(value)
              ? "tag contains a NUL character or invalid Unicode"
              : null;
      if (problem) {
        ctx.addIssue({ code: "custom", path: [key], message: problem });
        return z.NEVER;
      }
      out[key] = value;
    }
    return out;
  });

const IdText = (what: string) =>
  z
    .union([z.string(), z.number()], { error: `${what} must be a string` })
    .nullish()
    .transform((v) => (v === null || v === undefined ? null : String(v)))
    .refine((v) => v === null || v.length <= L.maxIdLength, `${what} is longer than ${L.maxIdLength} characters`)
    .refine((v) => v === null || isStorableText(v), `${what} contains a NUL character or invalid Unicode`);

// Ruby's JSON writes a BigDecimal (a Rails money column, say) as a string – "0.9999e2", or
// "99.99" under ActiveSupport – so a plain decimal string is read as its number.
const DECIMAL_STRING = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

const Value = z
  .union([z.number(), z.string().regex(DECIMAL_STRING).transform(Number)], { error: "value must be a number" })
  .refine((v) => Math.abs(v) <= L.maxAbsValue, `value must be within ±${L.maxAbsValue}`);

export const MetricType = z.enum(["gauge", "counter", "distribution", "set"], { error: "type must be one of gauge, counter, distribution, set" });
export type MetricType = z.infer<typeof MetricType>;

export const MetricInput = z
  .object({
    type: MetricType,
    name: MetricName,
    value: z.unknown().optional(),
    tags: Tags.optional(),
    timestamp: Timestamp,
  })
  .transform((m, ctx) => {
    const tags = m.tags ?? {};
    if (m.type === "set") {
      const member = typeof m.value === "number" && Number.isFinite(m.value) ? String(m.value) : m.value;
      if (typeof member !== "string" || member.length === 0) {
        ctx.addIssue({ code: "custom", path: ["value"], message: "a set point's value must be a non-empty string (the member)" });
        return z.NEVER;
      }
      const problem = member.length > L.maxIdLength ? `set members are at most ${L.maxIdLength} characters` : storable("value")(member);
      if (problem !== true) {
        ctx.addIssue({ code: "custom", path: ["value"], message: problem });
        return z.NEVER;
      }
      return { type: m.type, name: m.name, value: 0, member, tags, time: m.timestamp };
    }
    // A counter point without a value is one increment.
    const raw = m.value === undefined && m.type === "counter" ? 1 : m.value;
    const parsed = Value.safeParse(raw);
    if (!parsed.success) {
      ctx.addIssue({ code: "custom", path: ["value"], message: parsed.error.issues[0].message });
      return z.NEVER;
    }
    return { type: m.type, name: m.name, value: parsed.data, member: null, tags, time: m.timestamp };
  });
export type MetricInput = z.output<typeof MetricInput>;

export const EventInput = z.object({
  id: IdText("id"),
  name: MetricName,
  timestamp: Timestamp,
  properties: z
    .custom<Record<string, unknown> | null>((v) => v === null || (typeof v === "object" && !Array.isArray(v)), "properties must be an object")
    .optional()
    .transform((v) => v ?? {}),
  user_id: IdText("user_id"),
  session_id: IdText("session_id"),
  value: Value.nullish().transform((v) => v ?? null),
  tags: Tags.optional(),
  environment: IdText("environment"),
  service: IdText("service"),
});
export type EventInput = z.output<typeof EventInput>;
