// POST /api/v1/query – answer one query, a formula or several named queries (read scope).
import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/respond";
import { projectRoute } from "@/lib/http/route";
import { runQuery } from "@/lib/query/run-query";
import { ensureTimeZoneDirectory } from "@/lib/time/load-time-zones";

export const POST = projectRoute("read", async ({ req, ctx }) => {
  const input = await readJsonBody(req);
  // A query's zone is checked against this database's pg_timezone_names (loaded once).
  await ensureTimeZoneDirectory();
  return json(await runQuery({ ctx, input }));
});
