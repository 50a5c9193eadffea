// POST /api/v1/shared/{token}/pusher-auth – signs a visitor's Pusher subscription to the shared
// dashboard's own channel, and no other.
import { readJsonBody } from "@/lib/http/body";
import { json, toErrorResponse } from "@/lib/http/respond";
import { parseShareChannelAuth } from "@/lib/live/pusher-auth-input";
import { authorizeShareChannel } from "@/lib/live/pusher-channel";
import { requestGrant, resolveShare, shareClientAddress } from "@/lib/sharing/share-access";

export async function POST(req: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  try {
    const { token } = await params;
    const input = parseShareChannelAuth(await readJsonBody(req, { maxBytes: 4096 }));
    const { ctx } = await resolveShare({ token, grant: requestGrant(req), address: shareClientAddress(req.headers) });
    return json(authorizeShareChannel({ ctx, input }));
  } catch (error) {
    return toErrorResponse(error);
  }
}
