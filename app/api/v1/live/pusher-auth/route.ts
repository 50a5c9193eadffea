// POST /api/v1/live/pusher-auth – signs a Pusher subscription to a project's private channel.
import { readJsonBody } from "@/lib/http/body";
import { json, toErrorResponse } from "@/lib/http/respond";
import { resolveCaller } from "@/lib/http/route";
import { authorizeLiveChannel } from "@/lib/live/pusher-channel";
import { parsePusherAuth } from "@/lib/live/pusher-auth-input";

export async function POST(req: Request): Promise<Response> {
  try {
    const input = parsePusherAuth(await readJsonBody(req));
    // The channel names the project: the caller must be able to read that one.
    const ctx = await resolveCaller(req, input.projectId);
    return json(authorizeLiveChannel({ ctx, input }));
  } catch (error) {
    return toErrorResponse(error);
  }
}
