import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, createTestProject, type TestProject } from "@/tests/fixtures";
import { startExtraApp } from "../extra-app";

// Two instances on one database. Instance B has written (and so cached the ids of) a metric
// that instance A then deletes; what B is sent afterwards must start the metric afresh and be
// visible, not be written under the deleted series ids where no query looks.

let second: Awaited<ReturnType<typeof startExtraApp>>;
let p: TestProject;
let key: string;

const send = (url: string, value: number) =>
  fetch(`${url}/api/v1/metrics`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ type: "counter", name: "jobs.done", value, tags: { queue: "mail" } }),
  });

async function total(): Promise<number | null> {
  const res = await fetch(`${baseUrl()}/api/v1/query`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ source: "metric", name: "jobs.done", aggregation: "sum", range: "1h" }),
  });
  if (res.status === 404) return null;
  expect(res.status).toBe(200);
  return (await res.json()).series[0]?.total ?? 0;
}

describe("a metric deleted through another instance", () => {
  beforeAll(async () => {
    second = await startExtraApp();
    p = await createTestProject("Deleted elsewhere");
    key = await p.key();
  }, 120_000);
  afterAll(async () => second?.stop());

  it("starts afresh on an instance that had its ids cached", async () => {
    for (let i = 0; i < 3; i++) expect((await send(second.url, 1000)).status).toBe(202);
    expect(await total()).toBe(3000);

    const deleted = await fetch(`${baseUrl()}/api/v1/metrics/jobs.done`, { method: "DELETE", headers: { authorization: `Bearer ${key}` } });
    expect(deleted.status).toBe(200);
    expect(await total()).toBeNull();

    // The notice reaches B a moment after the commit: keep sending 1s until one shows.
    // With B still using the deleted ids, none ever would.
    const deadline = Date.now() + 10_000;
    let seen: number | null = null;
    while (Date.now() < deadline) {
      expect((await send(second.url, 1)).status).toBe(202);
      seen = await total();
      if (seen) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(seen).toBeGreaterThanOrEqual(1);
    expect(seen).toBeLessThan(1000);
  }, 60_000);
});
