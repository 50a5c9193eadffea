// GET /api/v1/alerts/channels – the project's alert channels (URLs, recipients and secrets for
// admins only); POST – create one (admin).
import { projectRoute } from "@/lib/http/route";
import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/respond";
import { createAlertChannel, listAlertChannels } from "@/lib/alerts/alerts";

export const GET = projectRoute("read", async ({ ctx }) => json({ channels: await listAlertChannels({ ctx }) }));

export const POST = projectRoute("admin", async ({ req, ctx }) => {
  const input = await readJsonBody(req);
  return json(await createAlertChannel({ ctx, input }), 201);
});
