// npm start / npm run dev – starts Flux: PostgreSQL (embedded unless DATABASE_URL is set),
// migrations, first-run set-up, a production build when needed, then the Next.js server.
import path from "node:path";
import { loadDotEnv } from "./lib/load-env";
import { prepareDatabase } from "./lib/database";
import { ensureAuthSecret } from "./lib/auth-secret";
import { ensureBuild } from "./lib/build";
import { startApp } from "./lib/app-server";

loadDotEnv();
const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const dataRoot = path.resolve(process.env.FLUX_DATA_DIR ?? ".flux");
const pgLog = process.env.FLUX_POSTGRES_LOG === "1" ? (line: string) => console.log(`[postgres] ${line}`) : undefined;

const database = await prepareDatabase({ dataRoot, log: pgLog });
console.log(
  database.embedded
    ? `PostgreSQL: embedded, data in ${database.embedded.dataDir}`
    : "PostgreSQL: DATABASE_URL",
  database.timescale ? "(TimescaleDB enabled)" : "(plain PostgreSQL; TimescaleDB not available)",
);
process.env.DATABASE_URL = database.url;
process.env.AUTH_SECRET = ensureAuthSecret(dataRoot);

const { runFirstStart } = await import("./lib/first-start");
await runFirstStart();

let app: Awaited<ReturnType<typeof startApp>> | undefined;
let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await app?.stop();
  await database.embedded?.stop();
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

try {
  if (!dev) ensureBuild({ distDir: process.env.FLUX_DIST_DIR ?? ".next" });
  app = await startApp({ port, dev, env: { DATABASE_URL: database.url, AUTH_SECRET: process.env.AUTH_SECRET } });
} catch (error) {
  console.error(String(error));
  await shutdown(1);
}
console.log(`\nFlux is running at http://localhost:${port}\n`);
// Next.js exiting on its own (a crash) ends Flux too; during a shutdown it is expected.
app!.process.once("exit", (code) => {
  if (!stopping) void shutdown(code ?? 1);
});
