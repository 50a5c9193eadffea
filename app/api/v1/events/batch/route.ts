// POST /api/v1/events/batch – store { events: [...] } (ingest key); 202 { accepted, rejected }.
import { ingestHandler, ingestPreflight } from "@/lib/ingest/ingest-handler";

export const POST = ingestHandler("events");
export const OPTIONS = ingestPreflight;
