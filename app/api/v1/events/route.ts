// POST /api/v1/events – store one event (ingest key); 202 { accepted, rejected }.
import { ingestHandler, ingestPreflight } from "@/lib/ingest/ingest-handler";

export const POST = ingestHandler("event");
export const OPTIONS = ingestPreflight;
