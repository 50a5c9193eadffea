// GET /api/v1/alerts/history?ruleId&limit&cursor – every transition, newest first, with the
// messages it sent.
import { projectRoute } from "@/lib/http/route";
import { json } from "@/lib/http/respond";
import { listAlertHistory } from "@/lib/alerts/alerts";

const PARAMS = ["ruleId", "limit", "cursor"] as const;

export const GET = projectRoute("read", async ({ req, ctx }) => {
  const query = new URL(req.url).searchParams;
  const input = Object.fromEntries(PARAMS.filter((p) => query.has(p)).map((p) => [p, query.get(p)]));
  return json(await listAlertHistory({ ctx, input }));
});
