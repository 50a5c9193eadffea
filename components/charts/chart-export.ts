"use client";

import { chartImage } from "./echart";
import { readChartTheme } from "./chart-theme";

/** ECharts draws the export at twice the CSS size; the header band is drawn at the same scale. */
const SCALE = 2;

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error("The chart image could not be read"));
    img.src = src;
  });
}

/** The longest start of `text` that fits `width`, with an ellipsis when cut. */
function fitText(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let end = text.length;
  while (end > 0 && ctx.measureText(`${text.slice(0, end)}…`).width > width) end--;
  return `${text.slice(0, end)}…`;
}

/**
 * A widget's chart as a PNG data URL with a header band above it: the title, then the time
 * range and zone, so an image pasted into a report still says what it shows and when.
 * Null when the widget has no chart on screen.
 */
export async function chartPngWithHeader({ widgetId, title, caption }: { widgetId: string; title: string; caption: string }): Promise<string | null> {
  const theme = readChartTheme();
  const src = chartImage(widgetId, theme.surface);
  if (!src) return null;
  const chart = await loadImage(src);
  const family = getComputedStyle(document.body).fontFamily || "system-ui, sans-serif";
  const pad = 12 * SCALE;
  const titleSize = 15 * SCALE;
  const captionSize = 12 * SCALE;
  const band = pad + titleSize + 6 * SCALE + captionSize + pad;
  const canvas = document.createElement("canvas");
  canvas.width = chart.width;
  canvas.height = chart.height + band;
  const ctx = canvas.getContext("2d");
  if (!ctx) return src;
  ctx.fillStyle = theme.surface;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.textBaseline = "top";
  ctx.fillStyle = theme.text;
  ctx.font = `600 ${titleSize}px ${family}`;
  ctx.fillText(fitText(ctx, title, canvas.width - 2 * pad), pad, pad);
  ctx.fillStyle = theme.muted;
  ctx.font = `${captionSize}px ${family}`;
  ctx.fillText(fitText(ctx, caption, canvas.width - 2 * pad), pad, pad + titleSize + 6 * SCALE);
  ctx.drawImage(chart, 0, band);
  return canvas.toDataURL("image/png");
}
