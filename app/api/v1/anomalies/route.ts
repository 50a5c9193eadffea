// GET /api/v1/anomalies?status=&kind=&minSeverity=&source=&name=&acknowledged=&from=&to=&limit=&cursor= – anomaly episodes, newest first (read).
import { json } from "@/lib/http/respond";
import { projectRoute } from "@/lib/http/route";
import { listAnomalies } from "@/lib/anomaly/anomalies";

export const GET = projectRoute("read", async ({ req, ctx }) =>
  json(await listAnomalies({ ctx, input: Object.fromEntries(new URL(req.url).searchParams) })),
);
