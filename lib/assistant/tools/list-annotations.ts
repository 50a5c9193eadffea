import { z } from "zod";
import { listAnnotations } from "@/lib/annotations/annotations";
import { rangeBounds } from "@/lib/query/resolve-range";
import { describeRange } from "../format";
import { defineTool } from "../tool";
import { RangeInput, TimeRangeOutput, TimezoneInput, withDefault } from "./tool-inputs";

const MAX_ANNOTATIONS = 100;

const Input = z
  .object({
    range: withDefault(RangeInput, "7d"),
    timezone: withDefault(TimezoneInput, "UTC"),
    tags: z
      .array(z.string().min(1).max(64).refine((t) => !t.includes(","), "A tag cannot contain a comma"))
      .max(20)
      .optional()
      .describe('Only annotations carrying every one of these tags, e.g. ["deploy"]'),
  })
  .strict();

const Output = z.object({
  range: TimeRangeOutput,
  count: z.number(),
  omitted: z.number(),
  annotations: z.array(
    z.object({
      id: z.string(),
      startsAt: z.string(),
      endsAt: z.string().nullable().describe("null: an instant, not a span"),
      title: z.string(),
      description: z.string().nullable(),
      tags: z.array(z.string()),
      createdBy: z.string().nullable(),
    }),
  ),
});

export const listAnnotationsTool = defineTool({
  name: "list_annotations",
  title: "List annotations",
  description:
    "Lists annotations (deploys, launches, incidents, campaigns: instants or spans people and pipelines marked on the graphs) overlapping a time range, oldest first, optionally only those with given tags. Use it to explain a change: what happened when a metric moved. Times are ISO instants (UTC); the range follows the given time zone.",
  input: Input,
  output: Output,
  permission: "read",
  writes: false,
  async run({ ctx, input }) {
    const { from, to } = rangeBounds(input.range, input.timezone, Date.now());
    const all = await listAnnotations({ ctx, input: { from, to, ...(input.tags?.length ? { tags: input.tags } : {}) } });
    const shown = all.slice(0, MAX_ANNOTATIONS);
    const structured = {
      range: { from: new Date(from).toISOString(), to: new Date(to).toISOString(), timezone: input.timezone },
      count: all.length,
      omitted: all.length - shown.length,
      annotations: shown.map((a) => ({ id: a.id, startsAt: a.startsAt, endsAt: a.endsAt, title: a.title, description: a.description, tags: a.tags, createdBy: a.createdBy })),
    };
    const lines = [`Annotations in ${describeRange(from, to, input.timezone)}${input.tags?.length ? ` tagged ${input.tags.join(" and ")}` : ""}: ${all.length}.`];
    if (all.length === 0) lines.push("None.");
    for (const a of structured.annotations) {
      lines.push(`- ${a.startsAt}${a.endsAt ? ` to ${a.endsAt}` : ""}: ${a.title}${a.tags.length ? ` [${a.tags.join(", ")}]` : ""}${a.description ? ` — ${a.description.slice(0, 200)}` : ""}`);
    }
    if (structured.omitted) lines.push(`… ${structured.omitted} more (narrow the range or the tags).`);
    return { structured, text: lines.join("\n") };
  },
});
