// GET/PATCH/DELETE /api/v1/alerts/rules/{id} – read, edit (mute, enable, condition, channels…)
// or delete one alert rule; editing and deleting need write.
import { projectRoute } from "@/lib/http/route";
import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/respond";
import { deleteAlertRule, getAlertRule, updateAlertRule } from "@/lib/alerts/alerts";

type Params = { ruleId: string };

export const GET = projectRoute<Params>("read", async ({ ctx, params }) => json(await getAlertRule({ ctx, id: params.ruleId })));

export const PATCH = projectRoute<Params>("write", async ({ req, ctx, params }) => {
  const input = await readJsonBody(req);
  return json(await updateAlertRule({ ctx, id: params.ruleId, input }));
});

export const DELETE = projectRoute<Params>("write", async ({ ctx, params }) => {
  await deleteAlertRule({ ctx, id: params.ruleId });
  return new Response(null, { status: 204 });
});
