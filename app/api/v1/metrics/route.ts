// POST /api/v1/metrics – store one metric point (ingest key); 202 { accepted, rejected }.
import { ingestHandler, ingestPreflight } from "@/lib/ingest/ingest-handler";

export const POST = ingestHandler("metric");
export const OPTIONS = ingestPreflight;
