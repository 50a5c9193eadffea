// GET/PUT/PATCH/DELETE /api/v1/dashboards/{id} – read, replace, update (rename, layout,
// widgets, range, refresh, make default) or delete one dashboard.
import { projectRoute } from "@/lib/http/route";
import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/respond";
import { deleteDashboard, getDashboard, replaceDashboard, updateDashboard } from "@/lib/dashboards/dashboards";

type Params = { dashboardId: string };

export const GET = projectRoute<Params>("read", async ({ ctx, params }) => json(await getDashboard({ ctx, dashboardId: params.dashboardId })));

export const PUT = projectRoute<Params>("write", async ({ req, ctx, params }) => {
  const input = await readJsonBody(req);
  return json(await replaceDashboard({ ctx, dashboardId: params.dashboardId, input }));
});

export const PATCH = projectRoute<Params>("write", async ({ req, ctx, params }) => {
  const input = await readJsonBody(req);
  return json(await updateDashboard({ ctx, dashboardId: params.dashboardId, input }));
});

export const DELETE = projectRoute<Params>("write", async ({ ctx, params }) => {
  await deleteDashboard({ ctx, dashboardId: params.dashboardId });
  return new Response(null, { status: 204 });
});
