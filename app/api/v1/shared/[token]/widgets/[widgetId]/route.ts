// POST /api/v1/shared/{token}/widgets/{widgetId} – one saved widget's data for a share link's visitor.
import { readJsonBody } from "@/lib/http/body";
import { json, toErrorResponse } from "@/lib/http/respond";
import { requestGrant, resolveShare, shareClientAddress } from "@/lib/sharing/share-access";
import { runSharedWidget } from "@/lib/sharing/shared-dashboard";

export async function POST(req: Request, { params }: { params: Promise<{ token: string; widgetId: string }> }): Promise<Response> {
  try {
    const { token, widgetId } = await params;
    const { ctx, policy } = await resolveShare({ token, grant: requestGrant(req), address: shareClientAddress(req.headers) });
    // The body is only a view ({} or nothing: the dashboard's own); never a query.
    const input = Number(req.headers.get("content-length") ?? "1") === 0 ? {} : await readJsonBody(req);
    return json(await runSharedWidget({ ctx, policy, widgetId, input }));
  } catch (error) {
    return toErrorResponse(error);
  }
}
