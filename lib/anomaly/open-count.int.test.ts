import { describe, expect, it } from "vitest";
import { sql } from "@/lib/db/client";
import { createTestProject } from "@/tests/fixtures";
import { insertTestAnomaly } from "@/tests/anomaly-data";
import { countOpenUnacknowledged } from "./anomalies";

// The header's count on every project page: open episodes nobody has acknowledged, capped.

describe("countOpenUnacknowledged", () => {
  it("counts open, unacknowledged episodes of the caller's project only, and says when there are more than the cap", async () => {
    const p = await createTestProject("Open count");
    const other = await createTestProject("Open count elsewhere");
    const ids = await Promise.all(["a", "b", "c", "d"].map((name) => insertTestAnomaly({ projectId: p.projectId, name })));
    await insertTestAnomaly({ projectId: other.projectId, name: "a" });
    await sql()`UPDATE anomalies SET acknowledged_at = now() WHERE id = ${ids[0]}`;
    await sql()`UPDATE anomalies SET ended_at = now() WHERE id = ${ids[1]}`;

    expect(await countOpenUnacknowledged({ ctx: p.ctx, cap: 99 })).toEqual({ count: 2, more: false });
    expect(await countOpenUnacknowledged({ ctx: p.ctx, cap: 2 })).toEqual({ count: 2, more: false });
    expect(await countOpenUnacknowledged({ ctx: p.ctx, cap: 1 })).toEqual({ count: 1, more: true });
    expect(await countOpenUnacknowledged({ ctx: other.ctx, cap: 99 })).toEqual({ count: 1, more: false });
  });
});
