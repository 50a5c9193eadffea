import path from "node:path";
import { startEmbeddedPostgres, type RunningPostgres } from "./embedded-postgres";
import { migrateDatabase } from "../../lib/db/migrate";

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL with its data in
 * `<dataRoot>/postgres`. Migrations run either way.
 */
export async function prepareDatabase(options: { dataRoot: string; ephemeral?: boolean; log?: (line: string) => void }): Promise<{
  url: string;
  embedded: RunningPostgres | null;
  timescale: boolean;
}> {
  let embedded: RunningPostgres | null = null;
  let url = process.env.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(options.dataRoot, "postgres"),
      ephemeral: options.ephemeral,
      log: options.log,
    });
    url = embedded.url;
  }
  try {
    const { timescale } = await migrateDatabase({ url });
    return { url, embedded, timescale };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
