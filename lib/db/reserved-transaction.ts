import type postgres from "postgres";

/**
 * One transaction on a reserved connection (the one holding a job's advisory lock):
 * postgres.js's sql.begin() would take another connection from the pool. `setup` runs first,
 * inside the transaction (SET LOCAL …).
 */
export async function inReservedTransaction<T>(conn: postgres.ReservedSql, work: () => Promise<T>, setup?: () => Promise<unknown>): Promise<T> {
  await conn`BEGIN`;
  try {
    await setup?.();
    const result = await work();
    await conn`COMMIT`;
    return result;
  } catch (error) {
    await conn`ROLLBACK`.catch(() => {});
    throw error;
  }
}
