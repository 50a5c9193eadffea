import { z } from "zod";
import { QueryInstant, queryInstantMs } from "@/lib/time/instant";
import { StorableString } from "@/lib/validation/text";
import { AggregationName } from "@/lib/query/model";

// Inputs and views of anomaly episodes. Client-safe (zod only): the anomalies page and graph
// widgets validate and type what they fetch with these.

export const ANOMALY_KINDS = ["spike", "drop", "level_shift", "silence"] as const;
export const AnomalyKindName = z.enum(ANOMALY_KINDS);
export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;
export const AnomalySource = z.enum(["metric", "event"]);
export type AnomalySource = z.infer<typeof AnomalySource>;

// Query strings send empty parameters as ""; those mean "not given".
const blankIsAbsent = (v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== "")) : v);

const BooleanParam = z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean());
const Name = StorableString().min(1).max(200);

function fromBeforeTo(v: { from?: string | number; to?: string | number }, ctx: z.RefinementCtx) {
  if (v.from === undefined || v.to === undefined) return;
  const [a, b] = [queryInstantMs(v.from), queryInstantMs(v.to)];
  if (typeof a === "number" && typeof b === "number" && a >= b) ctx.addIssue({ code: "custom", path: ["to"], message: "'from' must be before 'to'" });
}

export const ListAnomaliesInput = z.preprocess(
  blankIsAbsent,
  z
    .object({
      status: z.enum(["open", "closed", "all"]).default("all"),
      kind: AnomalyKindName.optional(),
      minSeverity: Severity.optional(),
      source: AnomalySource.optional(),
      name: Name.optional(),
      acknowledged: BooleanParam.optional(),
      from: QueryInstant.optional(),
      to: QueryInstant.optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: z.string().max(200).optional(),
      project: z.string().optional(),
    })
    .strict()
    .superRefine(fromBeforeTo),
);
export type ListAnomaliesInput = z.input<typeof ListAnomaliesInput>;

export const UpdateAnomalyInput = z
  .object({
    acknowledged: z.literal(true).optional(),
    feedback: z.literal("normal").nullable().optional(),
  })
  .strict()
  .refine((v) => v.acknowledged !== undefined || v.feedback !== undefined, { message: "Send 'acknowledged: true' or 'feedback'" });
export type UpdateAnomalyInput = z.infer<typeof UpdateAnomalyInput>;

export const BAND_INTERVALS = ["1m", "5m", "15m", "1h"] as const;

/** Tags as the band's query string sends them: a JSON object, or the object itself. */
const TagsParam = z.preprocess(
  (v) => {
    if (typeof v !== "string") return v;
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  },
  z.record(StorableString().min(1).max(200), StorableString().max(1000)).refine((t) => Object.keys(t).length <= 10, { message: "At most 10 tags" }),
);

export const ExpectedBandInput = z.preprocess(
  blankIsAbsent,
  z
    .object({
      source: AnomalySource,
      name: Name,
      aggregation: AggregationName.optional(),
      tags: TagsParam.optional(),
      from: QueryInstant,
      to: QueryInstant,
      interval: z.enum(BAND_INTERVALS).optional(),
      project: z.string().optional(),
    })
    .strict()
    .superRefine(fromBeforeTo),
);
export type ExpectedBandInput = z.input<typeof ExpectedBandInput>;

export interface AnomalyContributorView {
  key: string;
  value: string;
  share: number;
}

export interface AnomalyView {
  id: string;
  source: AnomalySource;
  name: string;
  aggregation: string;
  tags: Record<string, string>;
  kind: (typeof ANOMALY_KINDS)[number];
  status: "open" | "closed";
  startedAt: string;
  endedAt: string | null;
  /** The last bucket judged anomalous (the episode's latest evidence). */
  lastAnomalousAt: string;
  expected: number | null;
  lower: number | null;
  upper: number | null;
  actual: number | null;
  severity: Severity;
  score: number;
  explanation: string;
  contributors: AnomalyContributorView[];
  annotations: { id: string; title: string }[];
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  feedback: "normal" | null;
  bucketSeconds: number;
}

export interface BandPoint {
  t: string;
  value: number | null;
  expected: number | null;
  lower: number | null;
  upper: number | null;
}

export interface ExpectedBand {
  bucketSeconds: number;
  aggregation: string;
  points: BandPoint[];
}

export const severityRank = (s: string): number => Math.max(0, SEVERITIES.indexOf(s as Severity));
