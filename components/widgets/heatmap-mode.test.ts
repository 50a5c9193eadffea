import { describe, expect, it } from "vitest";
import type { ConfigOf, WidgetQuery } from "@/lib/dashboards/schema";
import { withHeatmapMode, withHeatmapQuery } from "./heatmap-mode";

const query = (aggregation: WidgetQuery["aggregation"]): WidgetQuery => ({ source: "metric", name: "http.request.duration", aggregation, filters: [], groupBy: [] });
const heatmap = (mode: ConfigOf<"heatmap">["mode"], aggregation: WidgetQuery["aggregation"]): ConfigOf<"heatmap"> => ({ type: "heatmap", title: "", mode, query: query(aggregation) });

describe("heatmap pattern and aggregation", () => {
  it("switches to value buckets over time when histogram is picked", () => {
    expect(withHeatmapQuery(heatmap("week_hours", "p95"), query("histogram")).mode).toBe("distribution");
  });

  it("switches back to hour × weekday when another aggregation replaces histogram", () => {
    expect(withHeatmapQuery(heatmap("distribution", "histogram"), query("p95")).mode).toBe("week_hours");
  });

  it("leaves the pattern alone when another metric is picked", () => {
    expect(withHeatmapQuery(heatmap("distribution", "histogram"), { ...query("p95"), name: "other" }).mode).toBe("distribution");
  });

  it("leaves the pattern alone when the aggregation stays the same", () => {
    expect(withHeatmapQuery(heatmap("week_hours", "p95"), { ...query("p95"), name: "other" }).mode).toBe("week_hours");
  });

  it("picks histogram for the value-bucket pattern, and count when leaving it", () => {
    expect(withHeatmapMode(heatmap("week_hours", "p95"), "distribution").query.aggregation).toBe("histogram");
    expect(withHeatmapMode(heatmap("distribution", "histogram"), "week_hours").query.aggregation).toBe("count");
    expect(withHeatmapMode(heatmap("distribution", "p95"), "week_hours").query.aggregation).toBe("p95");
  });
});
