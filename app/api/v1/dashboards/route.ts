// GET /api/v1/dashboards – the project's dashboards; POST – create one (write permission).
import { projectRoute } from "@/lib/http/route";
import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/respond";
import { createDashboard, listDashboards } from "@/lib/dashboards/dashboards";

export const GET = projectRoute("read", async ({ ctx }) => json({ dashboards: await listDashboards({ ctx }) }));

export const POST = projectRoute("write", async ({ req, ctx }) => {
  const input = await readJsonBody(req);
  return json(await createDashboard({ ctx, input }), 201);
});
