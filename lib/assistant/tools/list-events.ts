import { z } from "zod";
import { listEventNames } from "@/lib/catalog/list-event-names";
import type { MultiQueryResult, SingleQuery } from "@/lib/query/model";
import { resolveWindow } from "@/lib/query/resolve-range";
import { runQuery } from "@/lib/query/run-query";
import { describeRange } from "../format";
import { defineTool } from "../tool";
import { RangeInput, TimeRangeOutput, withDefault } from "./tool-inputs";

// Per-name counts over the range come from runQuery, a few names per request.
const NAMES_PER_REQUEST = 5;

const Input = z
  .object({
    search: z.string().max(200).optional().describe("Only names containing this text (case-insensitive)"),
    range: withDefault(RangeInput, "30d"),
    limit: z.number().int().min(1).max(50).default(20).describe("At most this many names, most recently seen first (1-50, default 20)"),
  })
  .strict();

const Output = z.object({
  range: TimeRangeOutput,
  total: z.number().describe("event names matching the search"),
  omitted: z.number().describe("matching names left out by the limit"),
  events: z.array(
    z.object({
      name: z.string(),
      unit: z.string().nullable().describe("unit of the event's value, if the catalog names one"),
      countInRange: z.number().describe("events in the range"),
      uniqueUsersInRange: z.number().describe("distinct user_id in the range (approximate beyond exact raw rows)"),
      countEver: z.number().describe("events ever stored under the name"),
      lastSeenAt: z.string(),
      link: z.string(),
    }),
  ),
});

export const listEventsTool = defineTool({
  name: "list_events",
  title: "List events",
  description:
    "Lists the project's tracked event names (most recently seen first) with how many events and distinct users each had in a time range (default the last 30 days, UTC), how many ever, when last seen, and a link to its catalog page. Use it first to learn exact event names for query_events; filter with `search`.",
  input: Input,
  output: Output,
  permission: "read",
  writes: false,
  async run({ ctx, input, links }) {
    const { events } = await listEventNames({ ctx });
    const needle = input.search?.toLowerCase();
    const matching = needle ? events.filter((e) => e.name.toLowerCase().includes(needle)) : events;
    const shown = matching.slice(0, input.limit);
    const counts = new Map<string, { count: number; users: number }>();
    let window = { from: "", to: "", timezone: "UTC" };
    for (let i = 0; i < shown.length; i += NAMES_PER_REQUEST) {
      const queries: Record<string, SingleQuery> = {};
      shown.slice(i, i + NAMES_PER_REQUEST).forEach((e, j) => {
        queries[`c${j}`] = { source: "event", name: e.name, aggregation: "count", range: input.range };
        queries[`u${j}`] = { source: "event", name: e.name, aggregation: "unique_users", range: input.range };
      });
      const { results } = (await runQuery({ ctx, input: { queries } })) as MultiQueryResult;
      shown.slice(i, i + NAMES_PER_REQUEST).forEach((e, j) => {
        counts.set(e.name, { count: results[`c${j}`].series[0]?.total ?? 0, users: results[`u${j}`].series[0]?.total ?? 0 });
      });
      window = { from: results.c0.from, to: results.c0.to, timezone: results.c0.timezone };
    }
    if (!window.from) {
      // Nothing to count: still state the range the question meant, as runQuery would resolve it.
      const w = resolveWindow({ range: input.range });
      window = { from: new Date(w.from).toISOString(), to: new Date(w.end).toISOString(), timezone: w.timezone };
    }
    const structured = {
      range: window,
      total: matching.length,
      omitted: matching.length - shown.length,
      events: shown.map((e) => ({
        name: e.name,
        unit: e.unit,
        countInRange: counts.get(e.name)?.count ?? 0,
        uniqueUsersInRange: counts.get(e.name)?.users ?? 0,
        countEver: e.count,
        lastSeenAt: e.lastSeenAt,
        link: links.catalog("event", e.name),
      })),
    };
    const lines = [`Events ${needle ? `matching "${input.search}" ` : ""}in ${describeRange(window.from, window.to, window.timezone)}: ${matching.length} names${structured.omitted ? `, showing ${shown.length}` : ""}.`];
    if (matching.length === 0) lines.push(events.length === 0 ? "This project has no events yet." : "No event name matches; try another search.");
    for (const e of structured.events) {
      lines.push(`- ${e.name}: ${e.countInRange} events, ${e.uniqueUsersInRange} unique users in range; ${e.countEver} ever; last seen ${e.lastSeenAt}${e.unit ? `; value unit ${e.unit}` : ""}`);
    }
    if (structured.omitted) lines.push(`… ${structured.omitted} more names (narrow with search or raise limit).`);
    return { structured, text: lines.join("\n") };
  },
});
