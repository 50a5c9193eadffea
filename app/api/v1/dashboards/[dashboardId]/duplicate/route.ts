// POST /api/v1/dashboards/{id}/duplicate – copy a dashboard (optional body `{ name }`).
import { projectRoute } from "@/lib/http/route";
import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/respond";
import { duplicateDashboard } from "@/lib/dashboards/dashboards";

export const POST = projectRoute<{ dashboardId: string }>("write", async ({ req, ctx, params }) => {
  const hasBody = Number(req.headers.get("content-length") ?? "0") > 0;
  const input = hasBody ? await readJsonBody(req) : undefined;
  return json(await duplicateDashboard({ ctx, dashboardId: params.dashboardId, input }), 201);
});
