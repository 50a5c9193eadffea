import { beforeAll, describe, expect, it } from "vitest";
import { createTestProject, type TestProject } from "@/tests/fixtures";
import { insertEvents, insertPoints } from "@/tests/query-data";
import type { Filter, QueryResult, SingleQuery } from "./model";
import { runQuery } from "./run-query";

const RANGE = { from: "2026-02-01T00:00:00Z", to: "2026-02-01T04:00:00Z" };
const at = (hhmm: string) => `2026-02-01T${hhmm}:00Z`;

let p: TestProject;
let other: TestProject;

async function query(q: Partial<SingleQuery>, ctx = p.ctx): Promise<QueryResult> {
  return (await runQuery({ ctx, input: { source: "event", name: "order.completed", aggregation: "count", range: RANGE, interval: "1h", ...q } })) as QueryResult;
}
const values = (r: QueryResult, i = 0) => r.series[i].points.map((pt) => pt[1]);

beforeAll(async () => {
  p = await createTestProject();
  other = await createTestProject();
  await insertEvents({
    projectId: p.projectId,
    events: [
      { time: at("00:10"), name: "order.completed", userId: "u1", value: 10, properties: { amount: 100, plan: "pro", coupon: "X" }, environment: "prod", service: "web", tags: { region: "eu" } },
      { time: at("00:20"), name: "order.completed", userId: "u2", value: 20, properties: { amount: "50", plan: "free" }, environment: "prod", service: "web" },
      { time: at("00:30"), name: "order.completed", userId: "u1", properties: { amount: "lots", plan: "pro" }, environment: "staging", service: "web" },
      { time: at("01:15"), name: "order.completed", value: 5, properties: { amount: 7.5 }, service: "api", tags: { region: "us" } },
      { time: at("00:15"), name: "checkout.started", userId: "u9" },
    ],
  });
  // Another tenant with the same names must never leak into p's answers.
  await insertEvents({
    projectId: other.projectId,
    events: [{ time: at("00:10"), name: "order.completed", userId: "intruder", value: 1000, properties: { amount: 1000, plan: "pro" } }],
  });
  await insertPoints({ projectId: other.projectId, name: "shared_name", type: "counter", points: [{ time: at("00:10"), value: 1000 }] });
  await insertPoints({ projectId: p.projectId, name: "shared_name", type: "counter", points: [{ time: at("00:10"), value: 1 }] });
});

describe("event aggregations", () => {
  it("counts events per bucket, zero when empty", async () => {
    const r = await query({ aggregation: "count" });
    expect(values(r)).toEqual([3, 1, 0, 0]);
    expect(r.series[0].total).toBe(4);
    expect(r.unit).toBeNull();
  });

  it("counts distinct users, ignoring events without one", async () => {
    const r = await query({ aggregation: "unique_users" });
    expect(values(r)).toEqual([2, 0, 0, 0]);
    expect(r.series[0].total).toBe(2);
  });

  it("sums and averages the value", async () => {
    const sum = await query({ aggregation: "sum" });
    expect([...values(sum), sum.series[0].total]).toEqual([30, 5, 0, 0, 35]);
    const avg = await query({ aggregation: "avg" });
    expect([...values(avg), avg.series[0].total]).toEqual([15, 5, null, null, 35 / 3]);
  });

  it("sums and averages a numeric property, ignoring values that are not numbers", async () => {
    const sum = await query({ aggregation: "sum", property: "amount" });
    expect([...values(sum), sum.series[0].total]).toEqual([150, 7.5, 0, 0, 157.5]);
    const avg = await query({ aggregation: "avg", property: "amount" });
    expect([...values(avg), avg.series[0].total]).toEqual([75, 7.5, null, null, 52.5]);
  });

  it("refuses a property with count, naming the field", async () => {
    await expect(query({ aggregation: "count", property: "amount" })).rejects.toMatchObject({ details: [{ field: "property" }] });
    await expect(query({ aggregation: "p95" })).rejects.toMatchObject({ details: [{ field: "aggregation" }] });
  });

  it("answers zero for an event name never seen", async () => {
    const r = await query({ name: "never.happened" });
    expect(r.series).toEqual([expect.objectContaining({ key: "*", total: 0 })]);
  });
});

describe("event filters", () => {
  it.each<[string, Filter, number]>([
    ["eq", { key: "plan", op: "eq", value: "pro" }, 2],
    ["neq (missing counts as not equal)", { key: "plan", op: "neq", value: "pro" }, 2],
    ["in", { key: "plan", op: "in", value: ["pro", "free"] }, 3],
    ["not_in", { key: "plan", op: "not_in", value: ["pro"] }, 2],
    ["exists", { key: "coupon", op: "exists" }, 1],
    ["not_exists", { key: "coupon", op: "not_exists" }, 3],
    ["gt", { key: "amount", op: "gt", value: 50 }, 1],
    ["gte (numeric strings count)", { key: "amount", op: "gte", value: 50 }, 2],
    ["lt", { key: "amount", op: "lt", value: 50 }, 1],
    ["lte", { key: "amount", op: "lte", value: 50 }, 2],
    ["eq with a number", { key: "amount", op: "eq", value: 100 }, 1],
    ["in with numbers", { key: "amount", op: "in", value: [7.5, 50] }, 2],
    ["user_id", { key: "user_id", op: "eq", value: "u1" }, 2],
    ["user_id exists", { key: "user_id", op: "exists" }, 3],
    ["environment", { key: "environment", op: "eq", value: "prod" }, 2],
    ["service", { key: "service", op: "neq", value: "web" }, 1],
    ["tags.<key>", { key: "tags.region", op: "eq", value: "us" }, 1],
  ])("%s", async (_name, filter, expected) => {
    expect((await query({ filters: [filter] })).series[0].total).toBe(expected);
  });

  it("combines filters with AND", async () => {
    const r = await query({ filters: [{ key: "plan", op: "eq", value: "pro" }, { key: "environment", op: "eq", value: "prod" }] });
    expect(r.series[0].total).toBe(1);
  });
});

describe("event group-by", () => {
  it("groups by a property, biggest first, with missing values as (none)", async () => {
    const r = await query({ groupBy: ["plan"] });
    // Ties rank by the group's values in byte order: ["free"] before [null].
    expect(r.series.map((s) => [s.key, s.tags, s.total])).toEqual([
      ["plan=pro", { plan: "pro" }, 2],
      ["plan=free", { plan: "free" }, 1],
      ["plan=(none)", { plan: "(none)" }, 1],
    ]);
  });

  it("keeps the top N and folds the rest into other, whose total is computed over its rows", async () => {
    const r = await query({ aggregation: "unique_users", groupBy: ["service"], limit: 1 });
    expect(r.series.map((s) => [s.key, s.total])).toEqual([["service=web", 2], ["service=other", 0]]);
    const byEnv = await query({ groupBy: ["environment", "service"], limit: 2 });
    expect(byEnv.series.map((s) => [s.key, s.total])).toEqual([
      ["environment=prod,service=web", 2],
      ["environment=staging,service=web", 1],
      ["environment=other,service=other", 1],
    ]);
    expect(byEnv.series[2].tags).toEqual({ environment: "other", service: "other" });
  });
});

describe("project isolation", () => {
  it("never sees another project's events or metrics", async () => {
    expect((await query({ aggregation: "unique_users" })).series[0].total).toBe(2);
    expect((await query({ aggregation: "count" }, other.ctx)).series[0].total).toBe(1);
    const mine = (await runQuery({ ctx: p.ctx, input: { source: "metric", name: "shared_name", aggregation: "sum", range: RANGE } })) as QueryResult;
    expect(mine.series[0].total).toBe(1);
  });
});
