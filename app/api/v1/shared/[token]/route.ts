// GET /api/v1/shared/{token} – the dashboard a share link shows: its saved widgets and what the visitor may change.
import { json, toErrorResponse } from "@/lib/http/respond";
import { requestGrant, resolveShare, shareClientAddress } from "@/lib/sharing/share-access";
import { getSharedDashboard } from "@/lib/sharing/shared-dashboard";

export async function GET(req: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  try {
    const { token } = await params;
    const { ctx, policy } = await resolveShare({ token, grant: requestGrant(req), address: shareClientAddress(req.headers) });
    return json({ dashboardId: ctx.dashboardId, policy, dashboard: await getSharedDashboard({ ctx }) });
  } catch (error) {
    return toErrorResponse(error);
  }
}
