/** The colours a chart needs, read from the CSS variables of the current theme. */
export interface ChartTheme {
  dark: boolean;
  text: string;
  muted: string;
  border: string;
  surface: string;
  good: string;
  bad: string;
  warn: string;
  /** Series colours, picked by identity (series-color.ts); no grey among them. */
  palette: string[];
  /** The folded "other" group: always this grey. */
  other: string;
}

// Index-aligned, so a series keeps its hue when the theme changes. Grey is kept for "other".
const PALETTE_LIGHT = ["#4f46e5", "#06b6d4", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#ec4899", "#84cc16", "#0ea5e9", "#f97316", "#14b8a6", "#a855f7"];
const PALETTE_DARK = ["#818cf8", "#22d3ee", "#fbbf24", "#34d399", "#f87171", "#a78bfa", "#f472b6", "#a3e635", "#38bdf8", "#fb923c", "#2dd4bf", "#c084fc"];
const OTHER_LIGHT = "#9ca3af";
const OTHER_DARK = "#6b7280";

export const LIGHT_THEME: ChartTheme = {
  dark: false,
  text: "#16191f",
  muted: "#5f6875",
  border: "#e3e6eb",
  surface: "#ffffff",
  good: "#0f9d58",
  bad: "#d93025",
  warn: "#c77700",
  palette: PALETTE_LIGHT,
  other: OTHER_LIGHT,
};

export function readChartTheme(): ChartTheme {
  if (typeof document === "undefined") return LIGHT_THEME;
  const style = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const dark = document.documentElement.dataset.theme === "dark";
  return {
    dark,
    text: v("--text", LIGHT_THEME.text),
    muted: v("--muted", LIGHT_THEME.muted),
    border: v("--border", LIGHT_THEME.border),
    surface: v("--surface", LIGHT_THEME.surface),
    good: v("--good", LIGHT_THEME.good),
    bad: v("--bad", LIGHT_THEME.bad),
    warn: v("--warn", LIGHT_THEME.warn),
    palette: dark ? PALETTE_DARK : PALETTE_LIGHT,
    other: dark ? OTHER_DARK : OTHER_LIGHT,
  };
}
