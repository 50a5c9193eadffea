// GET /api/v1/annotations?from=&to=&tags= – annotations overlapping a range (read).
// POST /api/v1/annotations – add one: keys with the ingest or admin scope (a deploy pipeline),
// members who can write. The domain function checks that, so the route lets every caller in.
import { projectRoute } from "@/lib/http/route";
import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/respond";
import { createAnnotation, listAnnotations } from "@/lib/annotations/annotations";

export const GET = projectRoute("read", async ({ req, ctx }) => {
  const query = new URL(req.url).searchParams;
  const tags = query.getAll("tags");
  const input = {
    from: instantParam(query.get("from")),
    to: instantParam(query.get("to")),
    ...(tags.length > 0 && { tags }),
  };
  return json({ annotations: await listAnnotations({ ctx, input }) });
});

export const POST = projectRoute(null, async ({ req, ctx }) => {
  const input = await readJsonBody(req);
  return json(await createAnnotation({ ctx, input }), 201);
});

// A query string carries text: digits alone are epoch milliseconds, anything else an ISO time.
function instantParam(value: string | null): string | number | undefined {
  if (value === null) return undefined;
  return /^\d{1,16}$/.test(value) ? Number(value) : value;
}
