// GET /api/health – liveness and database reachability, for load balancers and start scripts.
import { checkHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkHealth();
  return Response.json(health, { status: health.database === "ok" ? 200 : 503 });
}
