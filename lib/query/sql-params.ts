import type { Window } from "./resolve-range";

/**
 * Collects bind parameters for one hand-built statement. Every value travels as text with
 * an explicit cast, so user input never becomes SQL text.
 *
 * The same value with the same cast is bound once. Besides keeping statements short, this
 * matters for correctness: a builder may ask for a parameter in a part of the statement it
 * then leaves out (the raw-rows arm of a window answered wholly by rollups), and PostgreSQL
 * refuses a parameter that nothing references ("could not determine data type"). Shared,
 * the parameter is referenced by the part that stays.
 */
export class SqlParams {
  readonly values: string[] = [];
  private readonly bound = new Map<string, string>();

  private add(value: string | number): string {
    this.values.push(String(value));
    return `$${this.values.length}`;
  }

  private cast(value: string | number, type: string): string {
    const key = `${type}\u0000${value}`;
    let reference = this.bound.get(key);
    if (reference === undefined) {
      reference = `${this.add(value)}::${type}`;
      this.bound.set(key, reference);
    }
    return reference;
  }

  text(value: string | number): string {
    return this.cast(value, "text");
  }

  num(value: string | number): string {
    return this.cast(value, "float8");
  }

  int(value: number): string {
    return this.cast(value, "int");
  }

  uuid(value: string): string {
    return this.cast(value, "uuid");
  }

  time(ms: number): string {
    return this.cast(new Date(ms).toISOString(), "timestamptz");
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
