import type { Caller } from "../../lib/auth/caller";

/**
 * Seeds a project with the demo month straight into the test database (the e2e process gets
 * DATABASE_URL), through the same ingest path the SDK uses. Returns the demo dashboard id.
 */
export async function seedDemoProject(projectId: string): Promise<string> {
  if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is not set for the e2e run");
  const { seedDemo } = await import("../../lib/demo/seed-demo");
  const ctx: Caller = { kind: "key", projectId, keyId: "e2e-seed", scopes: ["ingest", "read", "admin"] };
  const { dashboardId } = await seedDemo({ ctx });
  return dashboardId;
}
