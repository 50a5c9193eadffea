import { sql } from "@/lib/db/client";

export async function checkHealth(): Promise<{ status: "ok" | "degraded"; database: "ok" | "unavailable" }> {
  try {
    await sql()`SELECT 1`;
    return { status: "ok", database: "ok" };
  } catch {
    return { status: "degraded", database: "unavailable" };
  }
}
