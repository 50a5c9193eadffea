// GET/PATCH /api/v1/anomalies/{id} – one anomaly episode; acknowledge it or say "this is normal" (and undo).
import { json } from "@/lib/http/respond";
import { projectRoute } from "@/lib/http/route";
import { readJsonBody } from "@/lib/http/body";
import { getAnomaly, updateAnomaly } from "@/lib/anomaly/anomalies";

type Params = { anomalyId: string };

export const GET = projectRoute<Params>("read", async ({ ctx, params }) => json(await getAnomaly({ ctx, id: params.anomalyId })));

export const PATCH = projectRoute<Params>("write", async ({ req, ctx, params }) =>
  json(await updateAnomaly({ ctx, id: params.anomalyId, input: await readJsonBody(req) })),
);
