import { randomUUID } from "node:crypto";
import { z } from "zod";
import { requirePermission, type Caller } from "@/lib/auth/caller";
import { parseInput } from "@/lib/validation";
import { editDashboardWidgets } from "./dashboards";
import { addBox } from "./layout";
import { GRID_COLUMNS } from "./constants";
import { WidgetConfig, type Dashboard, type Widget } from "./schema";

export const AppendWidgetInput = z.object({
  config: WidgetConfig,
  w: z.number().int().min(1).max(GRID_COLUMNS),
  h: z.number().int().min(1).max(20),
});

/**
 * Adds one widget to a dashboard at the first free slot of its grid, packed as the dashboard
 * view packs it (addBox), starting from the stored widgets under the dashboard's row lock so
 * that an edit saved at the same moment is kept. Used by "Add to dashboard" on the catalog pages.
 */
export async function appendWidget({ ctx, dashboardId, input }: { ctx: Caller; dashboardId: string; input: unknown }): Promise<{ dashboard: Dashboard; widget: Widget }> {
  requirePermission(ctx, "write");
  const { config, w, h } = parseInput(AppendWidgetInput, input, "Invalid widget");
  const id = `w${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const dashboard = await editDashboardWidgets({ ctx, dashboardId, edit: (widgets) => addBox<Widget>(widgets, { id, w, h, config }) });
  const widget = dashboard.widgets.find((x) => x.id === id) as Widget;
  return { dashboard, widget };
}
