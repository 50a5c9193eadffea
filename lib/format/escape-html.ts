// Data must never become markup. Metric and event names, tag and property values, units, user
// ids, dashboard and widget names reach the screen in two ways outside React: as HTML (ECharts
// tooltips, inserted with innerHTML) and as canvas text (legends, axis labels). `html` is the
// one way to build the first; `plainText` the one way to shape the second. Client-safe.

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text that cannot end an element or a quoted attribute: the five characters ECharts' own encodeHTML escapes. */
export function escapeHtml(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

// Bidi embeddings, overrides and isolates reorder the text around a label (a name can flip
// the value beside it); zero-width spaces, word joiners, BOMs and soft hyphens make two
// labels look alike. ZWJ and ZWNJ stay: emoji and several scripts need them.
const INVISIBLE = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u200B\u2060-\u2064\uFEFF\u00AD\u180E]/g;
const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
// C0 and C1 controls other than the line breaks above (which become spaces).
const CONTROLS = /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F]/g;

/** Longest label shown anywhere in a chart; longer data ends in "…" (the full value is in the CSV). */
export const MAX_LABEL_LENGTH = 200;

/**
 * Data as one line of display text: no control, bidi or invisible characters, at most `max`
 * code points (a 32 KB property value would otherwise fill a legend or a tooltip).
 */
export function plainText(value: unknown, max: number = MAX_LABEL_LENGTH): string {
  const text = String(value ?? "").replace(LINE_BREAKS, " ").replace(CONTROLS, "").replace(INVISIBLE, "");
  if (text.length <= max) return text;
  // Cut by code point, never inside a surrogate pair.
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, max - 1).join("")}…`;
}

const MADE_BY_HTML = Symbol("html");

/** Markup built by `html`; nothing else can make one, so a string from data cannot pass for markup. */
export class SafeHtml {
  readonly #markup: string;
  constructor(token: typeof MADE_BY_HTML, markup: string) {
    if (token !== MADE_BY_HTML) throw new TypeError("SafeHtml is made by the html`` tag only");
    this.#markup = markup;
  }
  toString(): string {
    return this.#markup;
  }
}

type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function interpolate(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map(interpolate).join("");
  if (value === null || value === undefined || value === false) return "";
  return escapeHtml(plainText(value));
}

/**
 * A template literal tag for HTML: every interpolated value is display text (`plainText`) and
 * escaped, unless it is itself `html` (nesting) – `html\`<b>${name}</b>\``.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  values.forEach((v, i) => {
    out += interpolate(v) + strings[i + 1];
  });
  return new SafeHtml(MADE_BY_HTML, out);
}
