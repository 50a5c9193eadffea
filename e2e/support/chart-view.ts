import { expect, type Page } from "@playwright/test";

// What a live chart shows and how a person works it: the zoom and legend state ECharts keeps,
// page coordinates of times on the plot, and a drag across it. Read from the chart itself
// (window.__fluxChartInstances); the option given is on window.__fluxCharts.

export interface ZoomWindow {
  startValue: number;
  endValue: number;
}

export interface ChartViewState {
  /** The zoomed time window, or null when the whole range shows. */
  zoom: ZoomWindow | null;
  /** Legend selection by series name (false: hidden by the user). */
  selected: Record<string, boolean>;
  seriesNames: string[];
}

type ChartLike = {
  getModel(): {
    eachComponent(type: string, cb: (m: { getPercentRange(): number[]; getValueRange(): number[] }) => void): void;
    getComponent(type: string, index: number): { coordinateSystem: { getRect(): { y: number; height: number } } };
  };
  getOption(): { legend?: { selected?: Record<string, boolean> }[]; series: { name: string }[] };
  getDom(): HTMLElement;
  convertToPixel(finder: unknown, value: unknown): number[] | number;
  getZr(): { storage: { getDisplayList(update: boolean): { type: string; style?: { text?: string }; getBoundingRect(): { x: number; y: number; width: number; height: number; applyTransform(m: unknown): void; clone(): unknown }; getComputedTransform(): unknown; ignore?: boolean; invisible?: boolean }[] } };
};

export async function chartState(page: Page, chartId: string): Promise<ChartViewState> {
  await page.waitForFunction((id) => Boolean(window.__fluxChartInstances?.[id]), chartId);
  return page.evaluate((id) => {
    const chart = window.__fluxChartInstances![id] as unknown as ChartLike;
    let zoom: { startValue: number; endValue: number } | null = null;
    // The toolbox's dataZoom is an internal component that getOption() leaves out.
    chart.getModel().eachComponent("dataZoom", (dz) => {
      const [start, end] = dz.getPercentRange();
      const [startValue, endValue] = dz.getValueRange();
      if ((start > 0 || end < 100) && zoom === null) zoom = { startValue, endValue };
    });
    const option = chart.getOption();
    return { zoom, selected: option.legend?.[0]?.selected ?? {}, seriesNames: option.series.map((s) => s.name) };
  }, chartId);
}

/** Page coordinates of a time on the x axis, at a fraction of the plot's height from its top. */
export async function plotPoint(page: Page, chartId: string, time: number, heightFraction = 0.5): Promise<{ x: number; y: number }> {
  return page.evaluate(([id, t, f]) => {
    const chart = window.__fluxChartInstances![id as string] as unknown as ChartLike;
    const box = chart.getDom().getBoundingClientRect();
    const x = chart.convertToPixel({ xAxisIndex: 0 }, t) as number;
    const rect = chart.getModel().getComponent("grid", 0).coordinateSystem.getRect();
    return { x: box.left + x, y: box.top + rect.y + rect.height * (f as number) };
  }, [chartId, time, heightFraction] as const);
}

/** Page coordinates of the legend entry of a series. */
export async function legendEntry(page: Page, chartId: string, name: string): Promise<{ x: number; y: number }> {
  const at = await page.evaluate(([id, n]) => {
    const chart = window.__fluxChartInstances![id] as unknown as ChartLike;
    const box = chart.getDom().getBoundingClientRect();
    for (const el of chart.getZr().storage.getDisplayList(true)) {
      if ((el.type !== "text" && el.type !== "tspan") || el.style?.text !== n || el.ignore || el.invisible) continue;
      const r = el.getBoundingRect().clone() as { x: number; y: number; width: number; height: number; applyTransform(m: unknown): void };
      const m = el.getComputedTransform();
      if (m) r.applyTransform(m);
      return { x: box.left + r.x + r.width / 2, y: box.top + r.y + r.height / 2 };
    }
    return null;
  }, [chartId, name] as const);
  expect(at, `legend entry ${name}`).not.toBeNull();
  return at!;
}

/** Drags across the plot from one time to another, as a person zooms into a span. */
export async function dragAcross(page: Page, chartId: string, from: number, to: number): Promise<void> {
  const a = await plotPoint(page, chartId, from);
  const b = await plotPoint(page, chartId, to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 12 });
  await page.mouse.up();
}
