// POST /api/v1/metrics – store one metric point (ingest key); 202 { accepted, rejected }.
// GET /api/v1/metrics – the metric catalog: type, unit, display name, description, higherIsBetter, last seen, series count.
import { listMetrics } from "@/lib/catalog/list-metrics";
import { json } from "@/lib/http/respond";
import { projectRoute } from "@/lib/http/route";
import { ingestHandler, ingestPreflight } from "@/lib/ingest/ingest-handler";

export const POST = ingestHandler("metric");
export const OPTIONS = ingestPreflight;

export const GET = projectRoute("read", async ({ ctx }) => json(await listMetrics({ ctx })));
