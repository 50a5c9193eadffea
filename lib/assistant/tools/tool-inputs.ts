import { z } from "zod";
import { Filter, Interval, Range, Timezone } from "@/lib/query/model";
import { StorableString } from "@/lib/validation/text";

// Input and output pieces the project tools share, described for a model.

export const EventNameInput = StorableString()
  .min(1)
  .max(200)
  .describe("An event name exactly as list_events shows it, e.g. \"signup\"");

export const RangeInput = Range.describe(
  'The time range: a preset ("15m", "1h", "6h", "24h", "7d", "14d", "30d", "90d", "today", "yesterday", "mtd", "ytd"), any duration back from now ("90m", "36h", "8d", "2w"), or {"from","to"} as ISO 8601 instants with offset. "today", "yesterday", "mtd" and "ytd" follow the timezone.',
);

export const TimezoneInput = Timezone.describe("IANA time zone in which days and weeks are cut and calendar ranges start, e.g. \"Europe/Berlin\" (default UTC)");

export const IntervalInput = Interval.describe('Bucket size of the series: "1m", "5m", "15m", "1h", "6h", "1d", "1w" or "auto" (default, at most 200 buckets)');

export const FiltersInput = z
  .array(Filter)
  .max(20)
  .describe(
    'Conditions all rows must meet: {"key","op","value"} with op eq, neq, in, not_in (value a list), exists, not_exists (no value), gt, gte, lt, lte (numbers). key is a property name, or user_id, session_id, environment, service, tags.<key>',
  );

export const TimeRangeOutput = z.object({
  from: z.string().describe("ISO instant, inclusive"),
  to: z.string().describe("ISO instant, exclusive"),
  timezone: z.string(),
  interval: z.string().optional(),
});

// zod keeps a description on the schema it was given to: a default or optional wrapper needs it again.
/** The schema with a default, keeping its description for the model. */
export const withDefault = <S extends z.ZodType>(schema: S, value: z.util.NoUndefined<z.input<S>>) => schema.default(value as never).describe(schema.description ?? "");
/** The schema made optional, keeping its description for the model. */
export const optional = <S extends z.ZodType>(schema: S) => schema.optional().describe(schema.description ?? "");

/** Caps a list for a model, saying how many were left out. */
export function capped<T>(items: readonly T[], cap: number): { items: T[]; omitted: number } {
  return { items: items.slice(0, cap), omitted: Math.max(0, items.length - cap) };
}

/** A number for text: integers as they are, others to 4 significant digits. */
export function plain(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "no data";
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}
