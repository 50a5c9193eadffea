import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { testDistDir } from "../../scripts/lib/test-stack";
import { BENCH_CLIENT, startOutageStack, type OutageStack } from "../../bench/lib/outage-stack";
import { failures, runOutageScenario } from "../../bench/lib/outage-scenario";
import { sleep } from "../../bench/lib/outage-load";

// Its own PostgreSQL and its own app process (from the build the test run made): this file
// stops the one and SIGKILLs the other, which no other test may share.
let stack: OutageStack;
beforeAll(async () => {
  stack = await startOutageStack({ name: "int", distDir: testDistDir(), build: false, durable: false });
}, 180_000);
afterAll(async () => {
  await stack?.stop();
}, 60_000);
afterEach(() => {
  // A 500 would log "unhandled error": none may happen, whatever the database does.
  expect(stack.log.unhandled).toEqual([]);
});

function post(body: unknown, key: string | null = randomUUID()) {
  return fetch(`${stack.baseUrl}/api/v1/flux/batch`, {
    method: "POST",
    headers: { authorization: `Bearer ${stack.apiKey}`, "content-type": "application/json", ...(key ? { "idempotency-key": key } : {}) },
    body: JSON.stringify(body),
  });
}

const batch = (tag: string, n = 5) => ({
  events: Array.from({ length: n }, (_, i) => ({ id: `${tag}-${i}`, name: "outage.test_event", timestamp: new Date().toISOString() })),
  metrics: Array.from({ length: n }, () => ({ type: "counter", name: "outage.test_counter", value: 1, tags: { tag } })),
});

async function stored(tag: string) {
  const [row] = await stack.db<{ events: number; points: number }[]>`
    SELECT (SELECT count(*)::int FROM events WHERE event_id LIKE ${`${tag}-%`}) AS events,
           (SELECT count(*)::int FROM points p JOIN series s ON s.id = p.series_id WHERE s.tags->>'tag' = ${tag}) AS points`;
  return row;
}

async function expectUnavailable(res: Response) {
  const body = await res.text();
  expect({ status: res.status, body }).toMatchObject({ status: 503 });
  expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
  expect(JSON.parse(body).error.code).toBe("unavailable");
}

/** Posts until a 202, collecting every status on the way (a 500 there is a failure). */
async function untilAccepted(body: unknown, key: string, timeoutMs = 60_000): Promise<number[]> {
  const statuses: number[] = [];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await post(body, key);
    statuses.push(res.status);
    await res.text();
    if (res.status === 202) return statuses;
    await sleep(250);
  }
  return statuses;
}

/**
 * Holds `table` locked from a connection of the test's own until `release()`; `waiter()` is
 * the app backend whose statement (its text contains `statement`) waits for that lock.
 */
async function blockOn(table: string, statement: string) {
  const holder = postgres(stack.databaseUrl, { max: 1, onnotice: () => {}, connection: { application_name: BENCH_CLIENT } });
  await holder`BEGIN`;
  await holder.unsafe(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
  return {
    async waiter(): Promise<number> {
      for (let i = 0; i < 200; i++) {
        const [row] = await stack.db<{ pid: number }[]>`
          SELECT pid FROM pg_stat_activity
          WHERE wait_event_type = 'Lock' AND application_name <> ${BENCH_CLIENT} AND position(${statement} IN query) > 0 LIMIT 1`;
        if (row) return row.pid;
        await sleep(50);
      }
      throw new Error(`no app statement "${statement}" waited on ${table}`);
    },
    /** Ends the lock (with the holder's session; after a shutdown that session is gone anyway). */
    release: () => holder.end({ timeout: 0 }),
  };
}

/**
 * Sends a batch, terminates the app backend running `statement` while it waits on `table`
 * (57P01), and expects a 503 that stored nothing, then a retry with the same key that stores
 * the batch once.
 */
async function expectTerminatedThenStoredOnce(options: { tag: string; table: string; statement: string }) {
  const key = randomUUID();
  const lock = await blockOn(options.table, options.statement);
  const answer = post(batch(options.tag), key);
  try {
    const pid = await lock.waiter();
    await stack.db`SELECT pg_terminate_backend(${pid})`;
  } finally {
    await lock.release();
  }
  await expectUnavailable(await answer);
  expect(await stored(options.tag)).toEqual({ events: 0, points: 0 });
  expect(await untilAccepted(batch(options.tag), key)).toEqual([202]);
  expect(await stored(options.tag)).toEqual({ events: 5, points: 5 });
}

describe("ingest while PostgreSQL goes down", () => {
  it("answers 503 with Retry-After while PostgreSQL is stopped (connection refused), and stores again once it is back", async () => {
    await stack.stopDatabase();
    try {
      for (let i = 0; i < 3; i++) await expectUnavailable(await post(batch(`refused-${i}`)));
    } finally {
      await stack.startDatabase();
    }
    const tag = `back-${randomUUID()}`;
    const statuses = await untilAccepted(batch(tag), randomUUID());
    expect(statuses.filter((s) => s !== 503 && s !== 202)).toEqual([]);
    expect(statuses.at(-1)).toBe(202);
    expect(await stored(tag)).toEqual({ events: 5, points: 5 });
  }, 90_000);

  it("answers 503 when its connection is terminated during a statement (57P01), and the retry with the same key stores the batch once", async () => {
    await expectTerminatedThenStoredOnce({ tag: `terminated-${randomUUID()}`, table: "ingest_requests", statement: "SELECT response FROM ingest_requests" });
  }, 60_000);

  it("answers 503 when the transaction in flight loses its connection, writes none of it, and the retry stores it once", async () => {
    // The batch's transaction has written its points and event ids and waits to insert events.
    await expectTerminatedThenStoredOnce({ tag: `in-flight-${randomUUID()}`, table: "events", statement: "INSERT INTO events" });
  }, 60_000);

  it("answers 503 when PostgreSQL shuts down under a transaction in flight, and its pool reconnects afterwards", async () => {
    const tag = `shutdown-${randomUUID()}`;
    const key = randomUUID();
    const lock = await blockOn("events", "INSERT INTO events");
    const answer = post(batch(tag), key);
    await lock.waiter();
    await stack.stopDatabase(); // fast shutdown: every session, the app's included, ends with 57P01
    await lock.release();
    try {
      await expectUnavailable(await answer);
    } finally {
      await stack.startDatabase();
    }
    const statuses = await untilAccepted(batch(tag), key);
    expect(statuses.filter((s) => s !== 503 && s !== 202)).toEqual([]);
    expect(statuses.at(-1)).toBe(202);
    expect(await stored(tag)).toEqual({ events: 5, points: 5 });
  }, 90_000);
});

describe("the SDK through a database outage and an app crash", () => {
  it("stores every point and event it was asked to send exactly once", async () => {
    const report = await runOutageScenario(stack, {
      clients: 3,
      pointsPerSecond: 150,
      eventsPerSecond: 50,
      warmupMs: 2_000,
      databaseDownMs: 10_000,
      recoveryMs: 4_000,
      afterRestartMs: 3_000,
      drainTimeoutMs: 60_000,
    });
    expect(failures(report)).toEqual([]);
    for (const c of report.counts) {
      expect({ name: c.name, count: c.stored.count, sum: c.stored.sum }).toEqual({ name: c.name, count: c.sent.count, sum: c.sent.sum });
      expect(c.sent.count).toBeGreaterThan(100);
    }
    expect(report.http.statuses["503"]).toBeGreaterThan(0);
    // The app died holding a committed batch it never answered: the SDK's retry, same key, got the first result.
    expect(report.kill.byCommit).toBe(true);
    expect(report.http.storedUnansweredAtKill).toBeGreaterThanOrEqual(1);
  }, 180_000);
});
