import { expect, type Locator, type Page } from "@playwright/test";

export type WidgetType = "number" | "graph" | "bar" | "pie" | "table" | "heatmap";
const TYPE_LABEL: Record<WidgetType, string> = { number: "Number", graph: "Graph", bar: "Bar", pie: "Pie", table: "Table", heatmap: "Heatmap" };

/** One dashboard page: toolbar, widget editor and grid. */
export class DashboardPage {
  constructor(readonly page: Page, readonly projectId: string, readonly dashboardId: string) {}

  async open(): Promise<void> {
    await this.page.goto(`/projects/${this.projectId}/dashboards/${this.dashboardId}`);
    // While the page streams in, React may hold a second, hidden copy of a boundary's content.
    await expect(this.page.getByTestId("dashboard").filter({ visible: true })).toBeVisible();
  }

  widgets(type?: WidgetType): Locator {
    return this.page.locator(type ? `[data-widget-type="${type}"]` : "[data-widget-type]");
  }

  cell(widgetId: string): Locator {
    return this.page.locator(`[data-grid-id="${widgetId}"]`);
  }

  async widgetId(widget: Locator): Promise<string> {
    return (await widget.getAttribute("data-testid"))!.replace(/^widget-/, "");
  }

  /** The ECharts option the widget last rendered, without its formatter functions. */
  async chartOption(widgetId: string): Promise<{ series: { data: unknown[]; name?: string }[]; [k: string]: unknown }> {
    await this.page.waitForFunction((id) => Boolean(window.__fluxCharts?.[id]), widgetId);
    return this.page.evaluate((id) => JSON.parse(JSON.stringify(window.__fluxCharts![id])), widgetId);
  }

  async addWidget(options: { type: WidgetType; title: string; item: string; aggregation?: string; groupBy?: string; extra?: (dialog: Locator) => Promise<void> }): Promise<void> {
    const before = await this.widgets().count();
    await this.page.getByTestId("add-widget").click();
    const dialog = this.page.getByRole("dialog");
    await dialog.getByRole("radio", { name: TYPE_LABEL[options.type] }).click();
    await dialog.getByLabel("Title").fill(options.title);
    await dialog.getByPlaceholder("Search metrics and events…").fill(options.item);
    await dialog.locator(`[data-catalog-item="${options.item}"]`).click();
    if (options.aggregation) await dialog.getByLabel("Aggregation").selectOption(options.aggregation);
    if (options.groupBy) await dialog.getByLabel("Group by").fill(options.groupBy);
    await options.extra?.(dialog);
    // The live preview draws the widget before it is saved.
    await expect(dialog.getByTestId("widget-preview").locator(".echart, .number-value, table").first()).toBeVisible();
    await this.saving(() => dialog.getByTestId("save-widget").click());
    await expect(dialog).toHaveCount(0);
    await expect(this.widgets()).toHaveCount(before + 1);
  }

  /** Runs a change and waits until the dashboard has saved it. */
  async saving(change: () => Promise<unknown>): Promise<void> {
    const saved = this.page.waitForResponse((r) => r.url().includes(`/api/v1/dashboards/${this.dashboardId}`) && r.request().method() === "PATCH");
    await change();
    expect((await saved).status()).toBe(200);
    await expect(this.page.getByTestId("save-status")).toHaveText("All changes saved");
  }

  async position(widgetId: string): Promise<{ x: number; y: number; w: number; h: number }> {
    const cell = this.cell(widgetId);
    const read = async (k: string) => Number(await cell.getAttribute(`data-${k}`));
    return { x: await read("x"), y: await read("y"), w: await read("w"), h: await read("h") };
  }
}
