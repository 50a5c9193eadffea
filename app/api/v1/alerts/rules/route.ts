// GET /api/v1/alerts/rules – the project's alert rules with each group's current state;
// POST – create one (write).
import { projectRoute } from "@/lib/http/route";
import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/respond";
import { createAlertRule, listAlertRules } from "@/lib/alerts/alerts";

export const GET = projectRoute("read", async ({ ctx }) => json({ rules: await listAlertRules({ ctx }) }));

export const POST = projectRoute("write", async ({ req, ctx }) => {
  const input = await readJsonBody(req);
  return json(await createAlertRule({ ctx, input }), 201);
});
