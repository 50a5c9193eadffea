import { z } from "zod";

/** The shape of format.ts's SeriesSummary in an output schema. */
const SummaryPoint = z.object({ t: z.string().describe("bucket start, ISO with the zone's offset"), v: z.number().nullable() });

export const SeriesSummaryOutput = z.object({
  points: z.array(SummaryPoint).max(50),
  downsampling: z.enum(["none", "mean_of_consecutive_buckets"]),
  bucketsPerPoint: z.number(),
  buckets: z.number(),
  count: z.number().describe("buckets that have a value"),
  first: SummaryPoint.nullable(),
  last: SummaryPoint.nullable(),
  min: SummaryPoint.nullable(),
  max: SummaryPoint.nullable(),
  total: z.number().nullable(),
  mean: z.number().nullable(),
});
