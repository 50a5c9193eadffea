// npm run db:migrate – applies migrations to DATABASE_URL, or to the embedded PostgreSQL.
import path from "node:path";
import { loadDotEnv } from "./lib/load-env";
import { prepareDatabase } from "./lib/database";

loadDotEnv();
const database = await prepareDatabase({ dataRoot: path.resolve(process.env.FLUX_DATA_DIR ?? ".flux") });
console.log(`Migrations applied${database.timescale ? " (TimescaleDB enabled)" : ""}.`);
await database.embedded?.stop();
