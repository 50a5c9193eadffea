// GET /api/v1/anomalies/band?source=&name=&aggregation=&tags=&from=&to=&interval= – the expected value and band per bucket (read).
import { json } from "@/lib/http/respond";
import { projectRoute } from "@/lib/http/route";
import { expectedBand } from "@/lib/anomaly/anomalies";

export const GET = projectRoute("read", async ({ req, ctx }) =>
  json(await expectedBand({ ctx, input: Object.fromEntries(new URL(req.url).searchParams) })),
);
