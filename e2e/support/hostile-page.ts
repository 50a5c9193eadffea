import { expect, type Page } from "@playwright/test";
import { PROBE_HOST } from "../../components/charts/testing/hostile-strings";

declare global {
  interface Window {
    __xss?: unknown;
    /** Elements marked data-xss-probe that were ever added to the page, recorded as they appear. */
    __xssProbes?: string[];
  }
}

function probeHost(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === PROBE_HOST || host.endsWith(`.${PROBE_HOST}`);
  } catch {
    return url.includes(PROBE_HOST);
  }
}

/** What the hostile payloads managed to do: each list must stay empty. */
export interface InjectionLog {
  dialogs: string[];
  probeRequests: string[];
}

/**
 * Watches a page for any sign that data became markup: dialogs (dismissed and recorded),
 * requests to the probe host or javascript: URLs, and elements marked data-xss-probe, which
 * a MutationObserver installed before any page script records even if they vanish again.
 */
export async function watchForInjection(page: Page): Promise<InjectionLog> {
  const log: InjectionLog = { dialogs: [], probeRequests: [] };
  page.on("dialog", (d) => {
    log.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => {});
  });
  page.on("request", (r) => {
    // The probe host as the host asked: a page of ours may carry the text in its own path (a metric named after it).
    if (probeHost(r.url()) || r.url().startsWith("javascript:")) log.probeRequests.push(r.url());
  });
  await page.addInitScript(() => {
    window.__xssProbes = [];
    const record = (node: Node) => {
      if (!(node instanceof Element)) return;
      const found = node.matches("[data-xss-probe]") ? [node] : [...node.querySelectorAll("[data-xss-probe]")];
      for (const el of found) window.__xssProbes!.push(el.outerHTML.slice(0, 120));
    };
    new MutationObserver((records) => records.forEach((r) => r.addedNodes.forEach(record))).observe(document, { childList: true, subtree: true });
  });
  return log;
}

/** Asserts that nothing hostile took effect on the page so far. */
export async function expectNothingInjected(page: Page, log: InjectionLog, where: string): Promise<void> {
  const state = await page.evaluate(() => ({
    flag: window.__xss === undefined ? null : String(window.__xss),
    probes: [...(window.__xssProbes ?? []), ...[...document.querySelectorAll("[data-xss-probe]")].map((e) => e.outerHTML.slice(0, 120))],
    // A payload's own script (Next's inline data scripts carry the payloads as escaped JSON).
    scripts: [...document.scripts].filter((s) => /^\s*window\.__xss/.test(s.textContent ?? "")).length,
  }));
  expect({ where, ...log, ...state }).toEqual({ where, dialogs: [], probeRequests: [], flag: null, probes: [], scripts: 0 });
}

interface HoverTarget {
  x: number;
  y: number;
  /** "item" for a drawn data item (slice, bar, cell, point), "text" for a label or legend entry. */
  kind: "item" | "text";
}

/**
 * Where everything in one chart is drawn, in page coordinates: every data element ECharts
 * tagged with a series and data index, a sample of the lines' x positions, and every text
 * (legend entries, axis labels). Read from the live chart (window.__fluxChartInstances).
 */
export async function chartHoverTargets(page: Page, chartId: string): Promise<{ targets: HoverTarget[]; tooltip: boolean }> {
  await page.waitForFunction((id) => Boolean(window.__fluxChartInstances?.[id]), chartId);
  return page.evaluate((id) => {
    type El = {
      type: string; ignore?: boolean; invisible?: boolean; style?: { text?: string };
      getBoundingRect(): { clone(): { x: number; y: number; width: number; height: number; applyTransform(m: unknown): void } };
      getComputedTransform(): unknown; contain?(x: number, y: number): boolean; [k: string]: unknown;
    };
    const chart = window.__fluxChartInstances![id] as unknown as {
      getDom(): HTMLElement; getZr(): { storage: { getDisplayList(update: boolean): El[] } };
      getOption(): { series: { type: string; data: unknown[] }[]; tooltip?: { show?: boolean }[] };
      convertToPixel(finder: unknown, value: unknown): number[];
    };
    const box = chart.getDom().getBoundingClientRect();
    const targets: { x: number; y: number; kind: "item" | "text" }[] = [];
    const seen = new Set<string>();
    const perSeries = new Map<string, number>();
    const add = (x: number, y: number, kind: "item" | "text", key: string, series = key) => {
      if (seen.has(key) || x < 0 || y < 0 || x > box.width || y > box.height) return;
      // A heatmap has 168 cells: 40 of one series are enough to show its tooltips.
      if ((perSeries.get(series) ?? 0) >= 40) return;
      perSeries.set(series, (perSeries.get(series) ?? 0) + 1);
      seen.add(key);
      targets.push({ x: box.left + x, y: box.top + y, kind });
    };
    // A point on the shape: the middle of a 5 × 5 sample first, then a 21 × 21 one (thin slices).
    const pointOn = (el: El, r: { x: number; y: number; width: number; height: number }): [number, number] | null => {
      for (const n of [5, 21]) {
        const steps = Array.from({ length: n }, (_, i) => (i + 0.5) / n).sort((a, b) => Math.abs(a - 0.5) - Math.abs(b - 0.5));
        for (const fy of steps) for (const fx of steps) {
          const x = r.x + r.width * fx;
          const y = r.y + r.height * fy;
          if (el.contain?.(x, y)) return [x, y];
        }
      }
      return null;
    };
    for (const el of chart.getZr().storage.getDisplayList(true)) {
      if (el.ignore || el.invisible) continue;
      const ec = Object.keys(el).filter((k) => k.startsWith("__ec_inner_")).map((k) => el[k] as { seriesIndex?: number; dataIndex?: number }).find((d) => d && typeof d.dataIndex === "number");
      const isText = el.type === "text" && Boolean(el.style?.text);
      if (!ec && !isText) continue;
      const rect = el.getBoundingRect().clone();
      const m = el.getComputedTransform();
      if (m) rect.applyTransform(m);
      const point = isText ? ([rect.x + rect.width / 2, rect.y + rect.height / 2] as [number, number]) : pointOn(el, rect);
      if (point && ec) add(point[0], point[1], "item", `item:${ec.seriesIndex}:${ec.dataIndex}`, `series:${ec.seriesIndex}`);
      else if (point) add(point[0], point[1], "text", `text:${Math.round(point[0])}:${Math.round(point[1])}`);
    }
    // Lines without symbols have no element per point; an axis tooltip lists every series at
    // an x, so a sample of x positions (half-way up the plot) shows every line's name and value.
    chart.getOption().series.forEach((s, seriesIndex) => {
      if (s.type !== "line") return;
      const step = Math.max(1, Math.floor(s.data.length / 8));
      for (let i = 0; i < s.data.length; i += step) {
        const [x] = chart.convertToPixel({ seriesIndex }, s.data[i]) ?? [];
        if (Number.isFinite(x)) add(x, box.height / 2, "item", `line-x:${Math.round(x)}`, "lines");
      }
    });
    const tip = chart.getOption().tooltip?.[0];
    return { targets, tooltip: Boolean(tip) && tip!.show !== false };
  }, chartId);
}

/** The text of the chart's tooltip now (ECharts puts its tooltip in a div beside the canvas). */
export async function tooltipText(page: Page, chartId: string): Promise<string> {
  return page.evaluate((id) => {
    const dom = window.__fluxChartInstances?.[id]?.getDom();
    const tip = dom ? [...dom.children].find((c) => c instanceof HTMLElement && !c.querySelector("canvas")) : undefined;
    return tip instanceof HTMLElement && tip.style.display !== "none" ? tip.innerText : "";
  }, chartId);
}

/** Moves the mouse over every item and text of a chart; returns the tooltip texts it showed. */
export async function hoverEverything(page: Page, chartId: string): Promise<string[]> {
  const { targets, tooltip } = await chartHoverTargets(page, chartId);
  expect(targets.length, `${chartId} has something to hover`).toBeGreaterThan(0);
  const texts: string[] = [];
  let last = "";
  for (const t of targets) {
    await page.mouse.move(t.x, t.y);
    if (t.kind !== "item" || !tooltip) continue;
    const fresh = async () => {
      const text = await tooltipText(page, chartId);
      return text !== "" && text !== last;
    };
    // ECharts fills its tooltip on the mousemove; wait until it shows this item, not the last.
    // A first hover can race the chart's own layout: leave and come back once.
    const shows = await expect.poll(fresh, { timeout: 2_000 }).toBe(true).then(() => true, () => false);
    if (!shows) {
      await page.mouse.move(0, 0);
      await page.mouse.move(t.x, t.y);
      // Two neighbours may show the same text (an axis tooltip), so this is no failure.
      await expect.poll(fresh, { timeout: 2_000 }).toBe(true).catch(() => {});
    }
    last = await tooltipText(page, chartId);
    texts.push(last);
  }
  await hoverLegendPages(page, chartId);
  await page.mouse.move(0, 0);
  return texts;
}

/** A scrolling legend shows one page of entries at a time: scroll through it, hovering each page's entries. */
async function hoverLegendPages(page: Page, chartId: string): Promise<void> {
  const entries = await page.evaluate((id) => {
    const chart = window.__fluxChartInstances![id] as unknown as { getOption(): { legend?: { type?: string }[]; series: { name?: string; type: string; data: { name?: string }[] }[] } };
    const option = chart.getOption();
    if (option.legend?.[0]?.type !== "scroll") return 0;
    return option.series.some((s) => s.type === "pie") ? option.series[0].data.length : option.series.length;
  }, chartId);
  for (let i = 0; i < entries; i += 4) {
    await page.evaluate(([id, index]) => window.__fluxChartInstances![id as string].dispatchAction({ type: "legendScroll", scrollDataIndex: index }), [chartId, i] as const);
    for (const t of (await chartHoverTargets(page, chartId)).targets) if (t.kind === "text") await page.mouse.move(t.x, t.y);
  }
}

/** RFC 4180 fields of a CSV document (quotes, doubled quotes, commas and line breaks inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = "";
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ",") {
      endField();
    } else if (!quoted && c === "\n") {
      endField();
      rows.push(row);
      row = [];
    } else {
      field += c;
    }
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}
