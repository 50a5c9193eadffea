import { bootstrapFirstRun } from "../../lib/bootstrap/first-run";
import { closeDb } from "../../lib/db/client";
import { env } from "../../lib/env";
import { authenticateApiKey } from "../../lib/api-keys/api-keys";
import { seedDemo } from "../../lib/demo/seed-demo";

/** First start on an empty database: create and announce the demo user, project and key. */
export async function runFirstStart(): Promise<void> {
  try {
    const first = await bootstrapFirstRun({
      email: process.env.FLUX_INIT_EMAIL,
      password: process.env.FLUX_INIT_PASSWORD,
      apiKey: process.env.FLUX_INIT_API_KEY,
    });
    if (!first) return;
    const lines = [
      "First start: created a Demo project.",
      `  Sign in as  ${first.email}`,
      `  Password    ${first.password}`,
      `  API key     ${first.apiKey}  (ingest, read, admin)`,
    ];
    if (first.generated) lines.push("  These were generated and are shown only now: keep them.");
    console.log(`\n${lines.join("\n")}\n`);
    if (env().FLUX_DEMO_DATA !== "off") await seedDemoProject(first.apiKey);
  } finally {
    await closeDb();
  }
}

/** 30 days of demo history and a demo dashboard, so a newcomer sees Flux working at once. */
async function seedDemoProject(apiKey: string): Promise<void> {
  const ctx = await authenticateApiKey(apiKey);
  if (!ctx) return;
  try {
    const seeded = await seedDemo({ ctx });
    console.log(`Demo data: ${seeded.events} events and ${seeded.points} metric points over 30 days, and a demo dashboard (${(seeded.ms / 1000).toFixed(1)} s). Set FLUX_DEMO_DATA=off to skip.\n`);
  } catch (error) {
    // The instance is usable without demo data; say so rather than refuse to start.
    console.error("Could not create the demo data:", error instanceof Error ? error.message : error);
  }
}
