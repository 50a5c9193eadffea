import type { Page } from "@playwright/test";

// What a chart visibly draws and in which colours, read from the chart on the page
// (window.__fluxChartInstances): canvas pixels and the colour ECharts gave each item.

type ChartLike = {
  getDom(): HTMLElement;
  getModel(): { getSeriesByIndex(i: number): { name: string; getData(): { count(): number; getName(i: number): string; getItemVisual(i: number, k: string): { fill?: string; stroke?: string } } } | undefined };
  getOption(): { series: { name: string; itemStyle?: { color?: string } }[] };
};

/** Canvas pixels of a chart within `tolerance` (per channel) of a #rrggbb colour. */
export async function pixelsOfColour(page: Page, chartId: string, hex: string, tolerance = 24): Promise<number> {
  await page.waitForFunction((id) => Boolean(window.__fluxChartInstances?.[id]), chartId);
  return page.evaluate(([id, colour, tol]) => {
    const chart = window.__fluxChartInstances![id as string] as unknown as ChartLike;
    const canvas = chart.getDom().querySelector("canvas");
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return 0;
    const [r, g, b] = [1, 3, 5].map((i) => parseInt((colour as string).slice(i, i + 2), 16));
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 200 && Math.abs(data[i] - r) <= (tol as number) && Math.abs(data[i + 1] - g) <= (tol as number) && Math.abs(data[i + 2] - b) <= (tol as number)) n += 1;
    }
    return n;
  }, [chartId, hex, tolerance] as const);
}

/** The colour each line of a graph is drawn in, by series name. */
export async function lineColours(page: Page, chartId: string): Promise<Record<string, string>> {
  await page.waitForFunction((id) => Boolean(window.__fluxChartInstances?.[id]), chartId);
  return page.evaluate((id) => {
    const chart = window.__fluxChartInstances![id] as unknown as ChartLike;
    const out: Record<string, string> = {};
    chart.getOption().series.forEach((s, i) => {
      const visual = chart.getModel().getSeriesByIndex(i)?.getData().getItemVisual(0, "style");
      out[s.name] = String(visual?.fill ?? s.itemStyle?.color);
    });
    return out;
  }, chartId);
}

/** The colour of each item (bar, slice) of a chart's first series, by item name, in drawing order. */
export async function itemColours(page: Page, chartId: string): Promise<[string, string][]> {
  await page.waitForFunction((id) => Boolean(window.__fluxChartInstances?.[id]), chartId);
  return page.evaluate((id) => {
    const data = (window.__fluxChartInstances![id] as unknown as ChartLike).getModel().getSeriesByIndex(0)!.getData();
    return [...Array(data.count()).keys()].map((i): [string, string] => [data.getName(i), String(data.getItemVisual(i, "style").fill)]);
  }, chartId);
}
