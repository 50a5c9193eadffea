// GET /api/v1/shared/{token}/live – a share link visitor's live updates: the same event stream as
// /api/v1/live, carrying only the names the shared dashboard's widgets read and no alerts.
import { toErrorResponse } from "@/lib/http/respond";
import { accessRecheck } from "@/lib/live/live-access";
import { LIVE_STREAM_HEADERS, openLiveStream } from "@/lib/live/live-stream";
import { requestGrant, resolveShare, shareClientAddress } from "@/lib/sharing/share-access";
import { shareLiveView } from "@/lib/sharing/share-live";

export async function GET(req: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  try {
    const { token } = await params;
    const { ctx } = await resolveShare({ token, grant: requestGrant(req), address: shareClientAddress(req.headers) });
    const view = await shareLiveView({ ctx, stillAllowed: await accessRecheck(req, ctx) });
    const stream = await openLiveStream({ ctx, translate: view.translate, signal: req.signal, stillAllowed: view.stillAllowed });
    return new Response(stream, { headers: LIVE_STREAM_HEADERS });
  } catch (error) {
    return toErrorResponse(error);
  }
}
