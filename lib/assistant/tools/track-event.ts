import { z } from "zod";
import { FluxError } from "@/lib/errors";
import { ingestBatch } from "@/lib/ingest/ingest-batch";
import { INGEST_LIMITS, NAME_PATTERN } from "@/lib/ingest/limits";
import { QueryInstant, queryInstantMs } from "@/lib/time/instant";
import { defineTool } from "../tool";

const Scalar = z.union([z.string().max(1000), z.number().finite(), z.boolean(), z.null()]);

const Input = z
  .object({
    name: z
      .string()
      .min(1)
      .max(INGEST_LIMITS.maxNameLength)
      .regex(NAME_PATTERN, "Use letters, digits and . _ - : / only (no spaces)")
      .describe('The event name, e.g. "signup" or "checkout.completed": letters, digits and . _ - : /'),
    properties: z
      .record(z.string().min(1).max(200), Scalar)
      .refine((p) => Object.keys(p).length <= 50, "At most 50 properties")
      .optional()
      .describe('Properties of the event: string, number, boolean or null values, e.g. {"plan": "pro", "amount": 49}'),
    user_id: z.string().min(1).max(INGEST_LIMITS.maxIdLength).optional().describe("Who did it (counts toward unique users and conversions)"),
    session_id: z.string().min(1).max(INGEST_LIMITS.maxIdLength).optional().describe("The session it happened in"),
    value: z.number().finite().optional().describe("A number the event carries (revenue, duration…), read by sum and avg"),
    time: QueryInstant.optional().describe("When it happened (ISO 8601 with offset or epoch ms; default now). At most 1 hour ahead and 400 days back"),
    event_id: z.string().min(1).max(INGEST_LIMITS.maxIdLength).optional().describe("A unique id: sending the same id again stores the event once"),
  })
  .strict();

const Output = z.object({
  accepted: z.boolean(),
  name: z.string(),
  time: z.string().describe("ISO instant the event is stored at"),
  reason: z.string().nullable().describe("why it was rejected (null when accepted)"),
  field: z.string().nullable().describe("the input field that was wrong, when one was"),
});

// Ingest names its fields as in a batch (events[0].timestamp); the tool's own names are these.
const FIELD_NAMES: Record<string, string> = { timestamp: "time", id: "event_id" };
export const toolField = (field: string) => {
  const inner = field.replace(/^events\[\d+\]\.?/, "");
  const [head, ...rest] = inner.split(".");
  return [FIELD_NAMES[head] ?? head, ...rest].filter(Boolean).join(".") || null;
};

export const trackEventTool = defineTool({
  name: "track_event",
  title: "Track an event",
  description:
    "WRITES DATA: records one event in this project (as an app's SDK would), e.g. to mark that something happened. Give the name, optional properties, user_id, value and time (default now). Answers whether Flux accepted it and, if not, why. Needs an API key with the 'ingest' scope; in the Ask box a person confirms first. Do not use it to answer questions.",
  input: Input,
  output: Output,
  permission: "ingest",
  writes: true,
  async run({ ctx, input }) {
    const ms = input.time === undefined ? Date.now() : (queryInstantMs(input.time) as number);
    const event = {
      name: input.name,
      timestamp: ms,
      ...(input.properties ? { properties: input.properties } : {}),
      ...(input.user_id ? { user_id: input.user_id } : {}),
      ...(input.session_id ? { session_id: input.session_id } : {}),
      ...(input.value !== undefined ? { value: input.value } : {}),
      ...(input.event_id ? { id: input.event_id } : {}),
    };
    const time = new Date(ms).toISOString();
    let reason: string | null = null;
    let field: string | null = null;
    try {
      const result = await ingestBatch({ ctx, input: { events: [event] } });
      if (result.rejected.length > 0) [reason, field] = [result.rejected[0].message, toolField(result.rejected[0].field)];
    } catch (error) {
      // Every item rejected is a 422 carrying the rejections: an answer, not a failure.
      const first = error instanceof FluxError && error.code === "invalid" && Array.isArray(error.details) ? (error.details[0] as { field?: string; message?: string } | undefined) : undefined;
      if (!first?.message) throw error;
      [reason, field] = [first.message, first.field ? toolField(first.field) : null];
    }
    const structured = { accepted: reason === null, name: input.name, time, reason, field };
    const text = structured.accepted
      ? `Accepted: event "${input.name}" stored at ${time} (UTC)${input.user_id ? ` for user ${input.user_id}` : ""}.`
      : `Rejected, NOT stored: event "${input.name}" at ${time}: ${field ? `${field}: ` : ""}${reason}`;
    return { structured, text };
  },
});
