import { bootstrapFirstRun } from "../../lib/bootstrap/first-run";
import { closeDb } from "../../lib/db/client";

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
  } finally {
    await closeDb();
  }
}
