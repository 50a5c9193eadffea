// GET /api/v1/dashboards/{id}/share-links – the dashboard's share links, newest first (write).
// POST /api/v1/dashboards/{id}/share-links – a new link; its token is in this answer only (write).
import { projectRoute } from "@/lib/http/route";
import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/respond";
import { createShareLink, listShareLinks } from "@/lib/sharing/share-links";

type Params = { dashboardId: string };

export const GET = projectRoute<Params>("write", async ({ ctx, params }) => json({ shareLinks: await listShareLinks({ ctx, dashboardId: params.dashboardId }) }));

export const POST = projectRoute<Params>("write", async ({ req, ctx, params }) => {
  const input = await readJsonBody(req);
  return json(await createShareLink({ ctx, dashboardId: params.dashboardId, input }), 201);
});
