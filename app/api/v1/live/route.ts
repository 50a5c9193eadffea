// GET /api/v1/live – server-sent events of the project's changes (read scope; see lib/live).
import { projectRoute } from "@/lib/http/route";
import { accessRecheck } from "@/lib/live/live-access";
import { LIVE_STREAM_HEADERS, openLiveStream } from "@/lib/live/live-stream";

export const GET = projectRoute("read", async ({ req, ctx }) => {
  const stream = await openLiveStream({ ctx, signal: req.signal, stillAllowed: await accessRecheck(req, ctx) });
  return new Response(stream, { headers: LIVE_STREAM_HEADERS });
});
