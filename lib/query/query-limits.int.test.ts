import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestProject, type TestProject } from "@/tests/fixtures";
import { insertPoints } from "@/tests/query-data";
import { runQuery, withQueryTransaction } from "./run-query";

// env() reads these on first use, which happens after this module is evaluated.
process.env.FLUX_QUERY_TIMEOUT_MS = "300";
process.env.FLUX_QUERY_MAX_ROWS = "5";

let p: TestProject;

afterAll(() => {
  delete process.env.FLUX_QUERY_TIMEOUT_MS;
  delete process.env.FLUX_QUERY_MAX_ROWS;
});

beforeAll(async () => {
  p = await createTestProject();
  await insertPoints({
    projectId: p.projectId, name: "busy", type: "counter",
    points: Array.from({ length: 10 }, (_, i) => ({ time: `2026-01-01T0${i}:30:00Z`, value: 1 })),
  });
});

describe("query limits", () => {
  it("runs every statement under the configured statement timeout", async () => {
    const [row] = await withQueryTransaction((exec) => exec<{ statement_timeout: string }>({ text: "SHOW statement_timeout", values: [] }));
    expect(row.statement_timeout).toBe("300ms");
    await expect(withQueryTransaction((exec) => exec({ text: "SELECT pg_sleep(2)", values: [] }))).rejects.toMatchObject({ code: "57014" });
  });

  it("runs read-only, so a statement cannot change data", async () => {
    await expect(withQueryTransaction((exec) => exec({ text: "DELETE FROM points", values: [] }))).rejects.toMatchObject({ code: "25006" });
  });

  it("refuses a result larger than the row cap, naming the interval", async () => {
    const input = { source: "metric", name: "busy", aggregation: "sum", range: { from: "2026-01-01T00:00:00Z", to: "2026-01-01T10:00:00Z" }, interval: "1h" };
    await expect(runQuery({ ctx: p.ctx, input })).rejects.toMatchObject({ code: "invalid", details: [{ field: "interval" }] });
    const coarse = await runQuery({ ctx: p.ctx, input: { ...input, interval: "6h" } });
    expect("series" in coarse && coarse.series[0].total).toBe(10);
  });

  it("needs the read permission", async () => {
    const ingestOnly = { kind: "key" as const, projectId: p.projectId, keyId: "k", scopes: ["ingest" as const] };
    await expect(runQuery({ ctx: ingestOnly, input: {} })).rejects.toMatchObject({ code: "forbidden" });
  });
});
