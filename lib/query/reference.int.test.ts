import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestProject, type TestProject } from "@/tests/fixtures";
import { close, reference, scenario, scenarioQuery, writeScenario } from "@/tests/query-reference";
import type { QueryResult } from "./model";
import { resolveWindow } from "./resolve-range";
import { runQuery } from "./run-query";

// The engine over raw rows against the in-memory reference (tests/query-reference.ts).

let p: TestProject;
let run = 0;

beforeAll(async () => {
  p = await createTestProject();
});

describe("engine vs. in-memory reference", () => {
  it("agrees on random data, queries, ranges, intervals and time zones", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const name = `random_${s.kind}_${++run}`;
        await writeScenario({ projectId: p.projectId, name, s });
        const query = scenarioQuery(s, name);
        const result = (await runQuery({ ctx: p.ctx, input: query, tiers: "raw" })) as QueryResult;
        const expected = reference(s, resolveWindow({ range: query.range, interval: s.interval, timezone: s.timezone }));
        const actual = result.series.map((x) => ({ key: x.key, points: x.points.map((pt) => pt[1]), total: x.total }));
        const same =
          actual.length === expected.length &&
          actual.every((a, i) => a.key === expected[i].key && close(a.total, expected[i].total) && a.points.length === expected[i].points.length && a.points.every((v, j) => close(v, expected[i].points[j])));
        const plain = expected.map(({ key, points, total }) => ({ key, points, total }));
        if (!same) expect({ query, actual }).toEqual({ query, actual: plain });
      }),
      { numRuns: 100, seed: Number(process.env.FLUX_PROPERTY_SEED ?? Date.now() % 100_000) },
    );
  }, 120_000);
});
