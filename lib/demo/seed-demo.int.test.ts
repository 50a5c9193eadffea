import { describe, expect, it } from "vitest";
import { createTestProject } from "@/tests/fixtures";
import { runQuery } from "@/lib/query/run-query";
import { getDashboard } from "@/lib/dashboards/dashboards";
import type { MultiQueryResult, QueryResult } from "@/lib/query/model";
import { widgetRequest } from "@/lib/dashboards/widget-request";
import { generateDemoHistory } from "./demo-history";
import { seedDemo } from "./seed-demo";

describe("seedDemo", () => {
  it("sends a month of history through ingest quickly and adds a default dashboard every widget of which has data", async () => {
    const { ctx } = await createTestProject("Demo");
    const end = Date.now();
    const seeded = await seedDemo({ ctx, input: { end } });
    expect(seeded.ms).toBeLessThan(20_000);

    const expected = generateDemoHistory({ end }).events.filter((e) => e.name === "user.signed_up").length;
    const signups = (await runQuery({ ctx, input: { source: "event", name: "user.signed_up", aggregation: "count", range: { from: end - 31 * 86_400_000, to: end + 60_000 } } })) as QueryResult;
    expect(signups.series[0].total).toBe(expected);

    const dashboard = await getDashboard({ ctx, dashboardId: seeded.dashboardId });
    expect(dashboard.isDefault).toBe(true);
    expect(new Set(dashboard.widgets.map((w) => w.config.type))).toEqual(new Set(["number", "graph", "bar", "pie", "table", "heatmap"]));
    for (const w of dashboard.widgets) {
      const res = (await runQuery({ ctx, input: widgetRequest(w.config, dashboard.range) })) as MultiQueryResult;
      const hasData = Object.values(res.results).some((r) => r.series.some((s) => s.total !== null || s.points.some(([, v]) => v !== null && v !== 0)));
      expect(hasData, `widget ${w.id} has data`).toBe(true);
    }
  }, 60_000);
});
