import { z } from "zod";
import { listAnomalies } from "@/lib/anomaly/anomalies";
import { SEVERITIES } from "@/lib/anomaly/anomaly-schemas";
import { RelativeDuration } from "@/lib/query/model";
import { offsetToMs } from "@/lib/query/resolve-range";
import { QueryInstant, queryInstantMs } from "@/lib/time/instant";
import { formatValue } from "../format";
import { defineTool } from "../tool";

const Input = z
  .object({
    status: z.enum(["open", "closed", "all"]).default("all").describe("open: still anomalous; closed: over; all (default)"),
    min_severity: z.enum(SEVERITIES).optional().describe("Only episodes at least this severe: low < medium < high < critical"),
    source: z.enum(["metric", "event"]).optional().describe("Only anomalies of metrics or of events"),
    name: z.string().min(1).max(200).optional().describe("Only anomalies of this metric or event name"),
    since: z
      .union([RelativeDuration, QueryInstant])
      .default("7d")
      .describe('Episodes still open or active after this: a duration back from now ("24h", "7d", "2w"; default 7d) or an ISO 8601 instant with offset'),
    limit: z.number().int().min(1).max(50).default(20).describe("At most this many episodes, newest first (1-50, default 20)"),
  })
  .strict();

const Output = z.object({
  since: z.string().describe("ISO instant"),
  count: z.number(),
  more: z.boolean().describe("whether more episodes match than were returned"),
  anomalies: z.array(
    z.object({
      id: z.string(),
      status: z.enum(["open", "closed"]),
      severity: z.enum(SEVERITIES),
      kind: z.string().describe("spike, drop, level_shift or silence"),
      source: z.enum(["metric", "event"]),
      name: z.string(),
      aggregation: z.string(),
      tags: z.record(z.string(), z.string()),
      startedAt: z.string(),
      endedAt: z.string().nullable(),
      bucketSeconds: z.number(),
      expected: z.number().nullable().describe("the value the detector expected in the peak bucket"),
      lower: z.number().nullable(),
      upper: z.number().nullable(),
      actual: z.number().nullable(),
      explanation: z.string(),
      contributors: z.array(z.object({ key: z.string(), value: z.string(), share: z.number() })).describe("tag or property values that explain most of the change (at most 3)"),
      acknowledged: z.boolean(),
      link: z.string(),
    }),
  ),
});

export const listAnomaliesTool = defineTool({
  name: "list_anomalies",
  title: "List anomalies",
  description:
    "Lists anomaly episodes Flux's detector found (spikes, drops, level shifts, silences) in metrics and events, newest first: status, severity, when it started and ended (ISO, UTC), the expected value and band against the actual one (per bucket of bucketSeconds), the detector's explanation, the values that contributed, and a link. Filter by status, minimum severity, source, metric or event name, and since (default the last 7 days).",
  input: Input,
  output: Output,
  permission: "read",
  writes: false,
  async run({ ctx, input, links }) {
    const sinceMs = typeof input.since === "string" && /^\d+[mhdw]$/.test(input.since) ? Date.now() - offsetToMs(input.since) : (queryInstantMs(input.since) as number);
    const since = new Date(sinceMs).toISOString();
    const page = await listAnomalies({
      ctx,
      input: {
        status: input.status,
        from: since,
        limit: input.limit,
        ...(input.min_severity ? { minSeverity: input.min_severity } : {}),
        ...(input.source ? { source: input.source } : {}),
        ...(input.name ? { name: input.name } : {}),
      },
    });
    const anomalies = page.anomalies.map((a) => ({
      id: a.id,
      status: a.status,
      severity: a.severity,
      kind: a.kind,
      source: a.source,
      name: a.name,
      aggregation: a.aggregation,
      tags: a.tags,
      startedAt: a.startedAt,
      endedAt: a.endedAt,
      bucketSeconds: a.bucketSeconds,
      expected: a.expected,
      lower: a.lower,
      upper: a.upper,
      actual: a.actual,
      explanation: a.explanation,
      contributors: a.contributors.slice(0, 3),
      acknowledged: a.acknowledgedAt !== null,
      link: links.anomaly(a.id),
    }));
    const structured = { since, count: anomalies.length, more: page.nextCursor !== null, anomalies };
    const lines = [`Anomaly episodes since ${since} (UTC)${input.status !== "all" ? `, ${input.status}` : ""}: ${anomalies.length}${structured.more ? ` shown, more match` : ""}.`];
    if (anomalies.length === 0) lines.push("None match.");
    for (const a of anomalies) {
      const tags = Object.entries(a.tags).map(([k, v]) => `${k}=${v}`).join(",");
      lines.push(
        `- [${a.status}, ${a.severity}] ${a.kind} in ${a.source} ${a.name}${tags ? ` {${tags}}` : ""} (${a.aggregation} per ${a.bucketSeconds}s) from ${a.startedAt}${a.endedAt ? ` to ${a.endedAt}` : ", ongoing"}: ` +
          `actual ${formatValue(a.actual)}, expected ${formatValue(a.expected)} (band ${formatValue(a.lower)}–${formatValue(a.upper)}). ${a.explanation}` +
          `${a.contributors.length ? ` Contributors: ${a.contributors.map((c) => `${c.key}=${c.value} ${Math.round(c.share * 100)}%`).join(", ")}.` : ""} ${a.link}`,
      );
    }
    return { structured, text: lines.join("\n") };
  },
});
