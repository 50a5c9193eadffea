// GET /api/v1/alerts/firing – what fires now (the header indicator and dashboard banner read it).
import { projectRoute } from "@/lib/http/route";
import { json } from "@/lib/http/respond";
import { firingAlerts } from "@/lib/alerts/alerts";

export const GET = projectRoute("read", async ({ ctx }) => json({ alerts: await firingAlerts({ ctx }) }));
