// POST /api/v1/alerts/channels/{id}/test – send a test message now and say how it went (admin).
import { projectRoute } from "@/lib/http/route";
import { json } from "@/lib/http/respond";
import { sendTestMessage } from "@/lib/alerts/alerts";

type Params = { channelId: string };

export const POST = projectRoute<Params>("admin", async ({ ctx, params }) => json(await sendTestMessage({ ctx, id: params.channelId })));
