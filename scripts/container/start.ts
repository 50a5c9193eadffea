// The image's command (Dockerfile CMD): refuses to start without its secrets, waits for
// PostgreSQL, applies migrations, creates the first user, project and key on an empty database
// (the same code as `npm start`), then runs Next.js's standalone server.js in this process.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { migrateDatabase, type MigrationResult } from "../../lib/db/migrate";
import { env } from "../../lib/env";
import { runFirstStart } from "../lib/first-start";
import { containerConfig, redactedUrl, Refusal } from "./config";

// Bundled to <app>/container/start.mjs, beside server.js, drizzle/ and public/.
const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DB_WAIT_MS = Number(process.env.FLUX_DB_WAIT_SECONDS || 60) * 1000;
// Connection errors that pass once the database container is up; 57P03: "the database system is starting up".
const TRANSIENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNRESET", "CONNECT_TIMEOUT", "57P03"]);

// Until Next.js installs its own handlers, a stop request ends the set-up at once (as PID 1
// without an init, Node.js would otherwise ignore SIGTERM until Docker kills it).
const stopNow = () => process.exit(143);
process.once("SIGTERM", stopNow);
process.once("SIGINT", stopNow);

try {
  const config = containerConfig(process.env);
  process.env.AUTH_SECRET = config.authSecret;
  process.env.DATABASE_URL = config.databaseUrl;
  env(); // the app's own validation of every setting, before anything runs
  const migration = await migrateWhenReachable(config.databaseUrl);
  console.log(`Migrations applied${migration.timescale ? ` (TimescaleDB ${migration.timescaleVersion} enabled)` : " (plain PostgreSQL; TimescaleDB not available)"}.`);
  await runFirstStart();
} catch (error) {
  // A refusal names what to set; anything else is a fault worth its stack.
  if (error instanceof Refusal || !(error instanceof Error)) console.error(`Flux refuses to start: ${String(error instanceof Error ? error.message : error)}`);
  else console.error("Flux cannot start:", error);
  process.exit(1);
}

process.off("SIGTERM", stopNow);
process.off("SIGINT", stopNow);
console.log(`Flux is starting on port ${process.env.PORT || 3000}.`);
await import(pathToFileURL(path.join(appDir, "server.js")).href);

/** Migrations, retried while PostgreSQL is still starting or not yet resolvable. */
async function migrateWhenReachable(url: string): Promise<MigrationResult> {
  const deadline = Date.now() + DB_WAIT_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrateDatabase({ url, migrationsFolder: path.join(appDir, "drizzle") });
    } catch (error) {
      const code = (error as { code?: string }).code ?? "";
      if (code === "28P01") {
        throw new Refusal(
          `PostgreSQL refused the password for ${redactedUrl(url)}. Its data volume was created with another password: ` +
            "set FLUX_DB_PASSWORD in .env to that one (or change the role's password in PostgreSQL).",
        );
      }
      if (!TRANSIENT.has(code)) throw error;
      if (Date.now() > deadline) {
        throw new Refusal(
          `PostgreSQL at ${redactedUrl(url)} did not answer within ${DB_WAIT_MS / 1000} s (${code}): ` +
            "is it running, and does DATABASE_URL name it? FLUX_DB_WAIT_SECONDS sets how long to wait.",
        );
      }
      if (attempt === 1) console.log(`Waiting for PostgreSQL at ${redactedUrl(url)} (${code})…`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
