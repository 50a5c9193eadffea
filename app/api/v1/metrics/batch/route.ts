// POST /api/v1/metrics/batch – store { metrics: [...] } (ingest key); 202 { accepted, rejected }.
import { ingestHandler, ingestPreflight } from "@/lib/ingest/ingest-handler";

export const POST = ingestHandler("metrics");
export const OPTIONS = ingestPreflight;
