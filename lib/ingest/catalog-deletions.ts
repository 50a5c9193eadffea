import type postgres from "postgres";
import { clearSeriesCache } from "./resolve-series";

// Every Flux process caches metric and series ids for ingest (resolve-series.ts). Raw points
// carry no foreign key, so a batch written under a deleted metric's cached ids would be
// stored where no query ever looks. A deletion therefore tells every process, through the
// same LISTEN connection live updates use, to forget its ids.

export const CATALOG_DELETIONS_CHANNEL = "flux_catalog_deleted";

/** Inside the deleting transaction: PostgreSQL delivers the notice only if it commits. */
export async function announceCatalogDeletion(tx: postgres.TransactionSql, projectId: string): Promise<void> {
  await tx`select pg_notify(${CATALOG_DELETIONS_CHANNEL}, ${projectId})`;
}

/**
 * A deletion somewhere, or a LISTEN connection that was down (a notice may have been
 * missed): cached ids may be stale. Deletions are rare, so the whole cache goes.
 */
export function forgetCachedIds(): void {
  clearSeriesCache();
}
