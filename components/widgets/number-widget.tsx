"use client";

import { useMemo } from "react";
import { EChart } from "@/components/charts/echart";
import { buildNumberView, buildSparklineOption } from "@/components/charts/options/build-number-view";
import { formatChange, formatValue } from "@/lib/format/format-value";
import type { WidgetOptionsProps, WidgetRendererProps } from "./types";

const ARROW = { up: "▲", down: "▼", flat: "■" } as const;

export function NumberWidget({ widgetId, config, results, theme }: WidgetRendererProps<"number">) {
  const view = useMemo(() => buildNumberView(results[0], config), [results, config]);
  const spark = useMemo(() => buildSparklineOption(view, theme), [view, theme]);
  const change = formatChange(view.change);
  return (
    <div className="number-widget">
      <div className={`number-value tone-${view.tone}`} data-testid="number-value" data-value={view.value ?? ""}>
        {formatValue(view.value, view.unit)}
      </div>
      <div className={`number-change tone-${view.tone}`} data-testid="number-change" data-change={view.change ?? ""}>
        {change ? (
          <>
            <span aria-hidden="true">{ARROW[view.direction ?? "flat"]}</span> {change}{" "}
            <span className="muted">vs previous period ({formatValue(view.previous, view.unit)})</span>
          </>
        ) : (
          <span className="muted">{view.previous === 0 ? "Nothing in the previous period to compare with" : "No previous period to compare with"}</span>
        )}
      </div>
      {view.spark.length > 1 && <EChart option={spark} chartId={widgetId} label={`Trend of ${config.title || config.query.name}`} className="number-spark" />}
    </div>
  );
}

export function NumberOptions({ config, onChange }: WidgetOptionsProps<"number">) {
  const thresholds = config.thresholds;
  return (
    <div className="stack">
      <label className="checkbox">
        <input type="checkbox" checked={config.higherIsBetter} onChange={(e) => onChange({ ...config, higherIsBetter: e.target.checked })} />
        A rise is good news (green up-arrow)
      </label>
      <fieldset className="editor-fieldset">
        <legend className="small muted">Thresholds colour the value once it reaches them</legend>
        {thresholds.map((t, i) => (
          <div className="row" key={i}>
            <input
              type="number"
              aria-label={`Threshold ${i + 1} value`}
              value={t.value}
              onChange={(e) => onChange({ ...config, thresholds: thresholds.map((x, j) => (j === i ? { ...x, value: Number(e.target.value) } : x)) })}
            />
            <select aria-label={`Threshold ${i + 1} colour`} value={t.color} onChange={(e) => onChange({ ...config, thresholds: thresholds.map((x, j) => (j === i ? { ...x, color: e.target.value as typeof t.color } : x)) })}>
              <option value="good">green</option>
              <option value="warn">amber</option>
              <option value="bad">red</option>
            </select>
            <button type="button" className="btn small ghost" onClick={() => onChange({ ...config, thresholds: thresholds.filter((_, j) => j !== i) })} aria-label={`Remove threshold ${i + 1}`}>✕</button>
          </div>
        ))}
        {thresholds.length < 5 && (
          <button type="button" className="btn small" onClick={() => onChange({ ...config, thresholds: [...thresholds, { value: 0, color: "warn" }] })}>Add threshold</button>
        )}
      </fieldset>
    </div>
  );
}
