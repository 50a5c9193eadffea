/**
 * The aggregation options the widget editor offers, with readable labels. `per_second` is an
 * alias of `rate` in the query model: listing both made two options that do the same thing,
 * so it only appears when a saved widget already uses it.
 */
export function aggregationChoices(aggs: readonly string[], current: string): { value: string; label: string }[] {
  return aggs
    .filter((a) => a !== "per_second" || current === "per_second")
    .map((a) => ({ value: a, label: a === "rate" ? "rate (per second)" : a.replace(/_/g, " ") }));
}
