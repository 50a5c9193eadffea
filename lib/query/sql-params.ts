import type { Window } from "./resolve-range";

/**
 * Collects bind parameters for one hand-built statement. Every value travels as text with
 * an explicit cast, so user input never becomes SQL text.
 */
export class SqlParams {
  readonly values: string[] = [];

  private add(value: string | number): string {
    this.values.push(String(value));
    return `$${this.values.length}`;
  }

  text(value: string | number): string {
    return `${this.add(value)}::text`;
  }

  num(value: string | number): string {
    return `${this.add(value)}::float8`;
  }

  int(value: number): string {
    return `${this.add(value)}::int`;
  }

  uuid(value: string): string {
    return `${this.add(value)}::uuid`;
  }

  time(ms: number): string {
    return `${this.add(new Date(ms).toISOString())}::timestamptz`;
  }

  textList(values: (string | number)[]): string {
    return `ARRAY(SELECT jsonb_array_elements_text(${this.add(JSON.stringify(values.map(String)))}::jsonb))`;
  }

  numList(values: number[]): string {
    return `ARRAY(SELECT x::float8 FROM jsonb_array_elements_text(${this.add(JSON.stringify(values.map(String)))}::jsonb) x)`;
  }
}

/** A text expression as a number when it reads as one, else NULL (never a cast error). */
export function safeNumber(expr: string): string {
  return `(CASE WHEN length(${expr}) < 40 AND ${expr} ~ '^\\s*[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]{1,2})?\\s*$' THEN (${expr})::float8 END)`;
}

/** The bucket a row's time falls in, matching resolveWindow's bucket starts exactly. */
export function bucketExpr(window: Window, timeCol: string, p: SqlParams): string {
  if (window.bucketing.kind === "fixed") {
    return `date_bin(${p.text(`${window.bucketing.stepMs / 1000} seconds`)}::interval, ${timeCol}, ${p.time(window.from)})`;
  }
  return `date_trunc('${window.bucketing.unit}', ${timeCol}, ${p.text(window.timezone)})`;
}

export const epochMs = (expr: string) => `(extract(epoch from ${expr}) * 1000)::float8`;
