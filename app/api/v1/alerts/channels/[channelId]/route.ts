// GET/PATCH/DELETE /api/v1/alerts/channels/{id} – read, edit (name, url or recipients, a new
// webhook secret) or delete one alert channel; editing and deleting need admin.
import { projectRoute } from "@/lib/http/route";
import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/respond";
import { deleteAlertChannel, getAlertChannel, updateAlertChannel } from "@/lib/alerts/alerts";

type Params = { channelId: string };

export const GET = projectRoute<Params>("read", async ({ ctx, params }) => json(await getAlertChannel({ ctx, id: params.channelId })));

export const PATCH = projectRoute<Params>("admin", async ({ req, ctx, params }) => {
  const input = await readJsonBody(req);
  return json(await updateAlertChannel({ ctx, id: params.channelId, input }));
});

export const DELETE = projectRoute<Params>("admin", async ({ ctx, params }) => {
  await deleteAlertChannel({ ctx, id: params.channelId });
  return new Response(null, { status: 204 });
});
