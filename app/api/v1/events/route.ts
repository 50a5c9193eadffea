// POST /api/v1/events – store one event (ingest key); 202 { accepted, rejected }.
// GET /api/v1/events?name=&limit=&cursor=&filters= – recent raw events, newest first (read).
import { json } from "@/lib/http/respond";
import { projectRoute } from "@/lib/http/route";
import { ingestHandler, ingestPreflight } from "@/lib/ingest/ingest-handler";
import { listEvents } from "@/lib/query/list-events";

export const POST = ingestHandler("event");
export const OPTIONS = ingestPreflight;

export const GET = projectRoute("read", async ({ req, ctx }) =>
  json(await listEvents({ ctx, input: Object.fromEntries(new URL(req.url).searchParams) })),
);
