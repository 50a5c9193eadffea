// POST /api/v1/query – answer one query, a formula or several named queries (read scope).
import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/respond";
import { projectRoute } from "@/lib/http/route";
import { runQuery } from "@/lib/query/run-query";

export const POST = projectRoute("read", async ({ req, ctx }) => json(await runQuery({ ctx, input: await readJsonBody(req) })));
