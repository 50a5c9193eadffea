import type { AlertCondition } from "@/lib/alerts/alert-schemas";
import { plainText } from "@/lib/format/escape-html";

// One line that says what a rule watches, for the rules list. Display text (React escapes it).

type Q = { source: string; name: string; aggregation: string; groupBy?: string[]; filters?: unknown[] };

const minutes = (n: number) => (n % 60 === 0 && n >= 60 ? `${n / 60} h` : `${n} min`);

function describeQuery(q: Q): string {
  const filtered = q.filters && q.filters.length ? `, ${q.filters.length} filter${q.filters.length === 1 ? "" : "s"}` : "";
  const grouped = q.groupBy && q.groupBy.length ? ` by ${q.groupBy.join(", ")}` : "";
  return `${q.aggregation} of ${q.source === "event" ? "event " : ""}${plainText(q.name, 80)}${filtered}${grouped}`;
}

export function describeCondition(c: AlertCondition): string {
  if (c.kind === "anomaly") return `An anomaly of ${c.source} ${plainText(c.name, 80)}, severity ${c.minSeverity} or worse`;
  if (c.kind === "no_data") return `No data from ${c.source} ${plainText(c.name, 80)} for ${minutes(c.forMinutes)}`;
  const query = c.query as Q | { queries: Record<string, Q>; formula?: string };
  const what =
    "queries" in query
      ? query.formula
        ? `${plainText(query.formula, 80)} (${Object.entries(query.queries).map(([n, q]) => `${n} = ${describeQuery(q)}`).join("; ")})`
        : Object.entries(query.queries).map(([n, q]) => `${n} = ${describeQuery(q)}`).join("; ")
      : describeQuery(query);
  const recover = c.recoverValue !== undefined ? `, recovers ${c.op === "above" ? "at or below" : "at or above"} ${c.recoverValue}` : "";
  const held = c.forMinutes > 0 ? ` for ${minutes(c.forMinutes)}` : "";
  return `${what}: ${c.reduce} over ${minutes(c.windowMinutes)} ${c.op} ${c.value}${held}${recover}`;
}
