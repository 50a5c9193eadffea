import { z } from "zod";
import { mapWithConcurrency } from "@/lib/concurrency/map-with-concurrency";
import { getDashboard, getDefaultDashboard, listDashboards } from "@/lib/dashboards/dashboards";
import type { Dashboard } from "@/lib/dashboards/schema";
import { viewDefaults } from "@/lib/dashboards/view-state";
import { widgetRequest } from "@/lib/dashboards/widget-request";
import { FluxError } from "@/lib/errors";
import type { MultiQueryResult } from "@/lib/query/model";
import { projectQueryConcurrency } from "@/lib/query/query-limiter";
import { runQuery } from "@/lib/query/run-query";
import { isUuid } from "@/lib/validation/ids";
import { describeRange, formatValue } from "../format";
import { defineTool, toolError } from "../tool";
import { RangeInput, TimeRangeOutput, TimezoneInput } from "./tool-inputs";
import { summariseWidget, WidgetNumbers } from "./widget-numbers";

const Input = z
  .object({
    id: z.string().max(64).optional().describe("The dashboard's id (from the project overview or an earlier answer)"),
    name: z.string().min(1).max(100).optional().describe("The dashboard's name, case-insensitive (used when no id is given)"),
    range: RangeInput.optional().describe("Look at every widget over this range instead of the dashboard's saved one (a widget with its own range keeps it)"),
    timezone: TimezoneInput.optional().describe("IANA zone for days and weeks instead of the dashboard's (default the dashboard's, else UTC)"),
  })
  .strict();

const Output = z.object({
  dashboard: z.object({ id: z.string(), name: z.string(), isDefault: z.boolean(), range: z.unknown(), timezone: z.string(), link: z.string() }),
  widgets: z.array(
    WidgetNumbers.extend({
      id: z.string(),
      title: z.string(),
      type: z.string(),
      range: TimeRangeOutput.nullable(),
      unit: z.string().nullable(),
      error: z.string().nullable(),
      query: z.record(z.string(), z.unknown()).describe("the widget's runQuery request"),
      link: z.string(),
    }),
  ),
  otherDashboards: z.array(z.object({ id: z.string(), name: z.string() })).describe("the project's other dashboards (at most 20)"),
});

async function findDashboard(ctx: Parameters<typeof getDashboard>[0]["ctx"], id?: string, name?: string): Promise<{ dashboard: Dashboard; all: Dashboard[] }> {
  const all = await listDashboards({ ctx });
  if (id) {
    // Only this project's dashboards are found: another project's id is as unknown as a made-up one.
    if (!isUuid(id) || !all.some((d) => d.id === id)) throw toolError(`id: no dashboard with id "${id}" in this project; the project overview lists them`, "id");
    return { dashboard: await getDashboard({ ctx, dashboardId: id }), all };
  }
  if (name) {
    const wanted = name.trim().toLowerCase();
    const found = all.find((d) => d.name.toLowerCase() === wanted) ?? all.filter((d) => d.name.toLowerCase().includes(wanted)).at(0);
    if (!found) throw toolError(`name: no dashboard named "${name}"; the dashboards are: ${all.map((d) => d.name).join(", ") || "none"}`, "name");
    return { dashboard: found, all };
  }
  const fallback = await getDefaultDashboard({ ctx });
  if (!fallback) throw toolError("This project has no dashboards yet");
  return { dashboard: fallback, all };
}

export const getDashboardTool = defineTool({
  name: "get_dashboard",
  title: "Get a dashboard's numbers",
  description:
    "Reads one dashboard (by id, by name, or the project's default when neither is given) and answers every widget's current numbers, as the dashboard page would show them: a number widget's value, previous period and % change; a graph's total and last value per line; a bar or pie chart's top groups with their share; a table's rows. States each widget's range (ISO instants), time zone and unit, with its query and a link to the chart; widgets whose query fails carry an error instead.",
  input: Input,
  output: Output,
  permission: "read",
  writes: false,
  async run({ ctx, input, links }) {
    const { dashboard, all } = await findDashboard(ctx, input.id, input.name);
    const saved = viewDefaults(dashboard, "UTC");
    const view = { ...saved, ...(input.range ? { range: input.range, interval: "auto" as const } : {}), ...(input.timezone ? { timezone: input.timezone } : {}) };
    const ordered = [...dashboard.widgets].sort((a, b) => a.y - b.y || a.x - b.x);
    const widgets = await mapWithConcurrency(ordered, projectQueryConcurrency(), async (w) => {
      const request = widgetRequest(w.config, view.range, view.timezone, view.interval);
      const common = { id: w.id, title: w.config.title || w.config.type, type: w.config.type, query: request, link: links.chart(request) };
      try {
        const { results } = (await runQuery({ ctx, input: request })) as MultiQueryResult;
        const first = Object.values(results)[0];
        const unit = w.config.unit ?? first?.unit ?? null;
        return {
          ...common,
          range: first ? { from: first.from, to: first.to, timezone: first.timezone, interval: first.interval } : null,
          unit,
          error: null,
          ...summariseWidget(w.config, results),
        };
      } catch (error) {
        if (!(error instanceof FluxError)) throw error;
        return { ...common, range: null, unit: w.config.unit ?? null, error: error.message, columns: [], rows: [], omittedRows: 0 };
      }
    });
    const structured = {
      dashboard: { id: dashboard.id, name: dashboard.name, isDefault: dashboard.isDefault, range: view.range, timezone: view.timezone, link: links.dashboard(dashboard.id) },
      widgets,
      otherDashboards: all.filter((d) => d.id !== dashboard.id).slice(0, 20).map((d) => ({ id: d.id, name: d.name })),
    };
    const lines = [`Dashboard "${dashboard.name}"${dashboard.isDefault ? " (default)" : ""}, range ${JSON.stringify(view.range)}, zone ${view.timezone}: ${widgets.length} widgets. ${structured.dashboard.link}`];
    if (widgets.length === 0) lines.push("It has no widgets.");
    for (const w of widgets) {
      lines.push(`\n## ${w.title} (${w.type}${w.range ? `, ${describeRange(w.range.from, w.range.to, w.range.timezone)}` : ""}${w.unit ? `, unit ${w.unit}` : ""})`);
      if (w.error) {
        lines.push(`Error: ${w.error}`);
        continue;
      }
      if (w.rows.length === 0) lines.push("no data");
      for (const r of w.rows) {
        lines.push(`- ${r.label}: ${w.columns.map((c, i) => `${c} ${c.endsWith("%") ? (r.values[i] === null ? "n/a" : `${Number(r.values[i]!.toFixed(1))}`) : formatValue(r.values[i], w.unit)}`).join(", ")}`);
      }
      if (w.omittedRows) lines.push(`… ${w.omittedRows} more rows`);
      // Chart links are long: with many widgets the text keeps the numbers (structured keeps every link).
      if (widgets.length <= 8) lines.push(`Chart: ${w.link}`);
    }
    if (structured.otherDashboards.length) lines.push(`\nOther dashboards: ${structured.otherDashboards.map((d) => `${d.name} (${d.id})`).join(", ")}`);
    return { structured, text: lines.join("\n") };
  },
});
