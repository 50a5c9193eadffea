// GET /api/v1/metrics/{name} – one metric with its tag keys and values; PATCH edits its
// metadata; DELETE removes it with every series, point and rollup row (admin key or editor).
import { deleteMetric } from "@/lib/catalog/delete-metric";
import { describeMetric } from "@/lib/catalog/describe-metric";
import { updateMetricMetadata } from "@/lib/catalog/update-metric-metadata";
import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/respond";
import { projectRoute } from "@/lib/http/route";

type Params = { name: string };

export const GET = projectRoute<Params>("read", async ({ ctx, params }) => json(await describeMetric({ ctx, name: params.name })));

export const PATCH = projectRoute<Params>("write", async ({ req, ctx, params }) =>
  json(await updateMetricMetadata({ ctx, name: params.name, input: await readJsonBody(req) })),
);

export const DELETE = projectRoute<Params>("write", async ({ ctx, params }) => json(await deleteMetric({ ctx, name: params.name })));
