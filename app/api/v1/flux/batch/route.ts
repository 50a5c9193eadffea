// POST /api/v1/flux/batch – store { events: [...], metrics: [...] } together, as the SDKs
// send them (ingest key); 202 { accepted, rejected }.
import { ingestHandler, ingestPreflight } from "@/lib/ingest/ingest-handler";

export const POST = ingestHandler("mixed");
export const OPTIONS = ingestPreflight;
