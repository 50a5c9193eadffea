import { randomUUID } from "node:crypto";
import { z } from "zod";
import { requirePermission, type Caller } from "@/lib/auth/caller";
import { parseInput } from "@/lib/validation";
import { getDashboard, updateDashboard } from "./dashboards";
import { placeNew } from "./layout";
import { GRID_COLUMNS } from "./constants";
import { WidgetConfig, type Dashboard, type Widget } from "./schema";

export const AppendWidgetInput = z.object({
  config: WidgetConfig,
  w: z.number().int().min(1).max(GRID_COLUMNS),
  h: z.number().int().min(1).max(20),
});

/**
 * Adds one widget to a dashboard at the first free slot of its grid (placeNew), leaving every
 * other widget where it is. Used by "Add to dashboard" on the catalog pages.
 */
export async function appendWidget({ ctx, dashboardId, input }: { ctx: Caller; dashboardId: string; input: unknown }): Promise<{ dashboard: Dashboard; widget: Widget }> {
  requirePermission(ctx, "write");
  const { config, w, h } = parseInput(AppendWidgetInput, input, "Invalid widget");
  const current = await getDashboard({ ctx, dashboardId });
  const widget: Widget = { id: `w${randomUUID().replace(/-/g, "").slice(0, 12)}`, ...placeNew(current.widgets, { w, h }), w, h, config };
  const dashboard = await updateDashboard({ ctx, dashboardId, input: { widgets: [...current.widgets, widget] } });
  return { dashboard, widget };
}
