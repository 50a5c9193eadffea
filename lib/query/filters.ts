import type { Filter } from "./model";
import { safeNumber, type SqlParams } from "./sql-params";

/** How a filter or group-by key reads in SQL: its text value, and whether it is present. */
export interface Field {
  text: string;
  exists: string;
}

const COMPARE = { gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

function equals(field: Field, values: (string | number)[], p: SqlParams): string {
  // Numbers match numerically too, so 1 finds "1", "1.0" and the JSON number 1.
  const numbers = values.filter((v): v is number => typeof v === "number");
  const byText = `${field.text} = ANY(${p.textList(values)})`;
  return numbers.length ? `(${byText} OR ${safeNumber(field.text)} = ANY(${p.numList(numbers)}))` : byText;
}

/** One SQL condition per filter; all are combined with AND. */
export function filterConditions(filters: Filter[], fieldFor: (key: string) => Field, p: SqlParams): string[] {
  return filters.map((f) => {
    const field = fieldFor(f.key);
    const list = Array.isArray(f.value) ? f.value : f.value === undefined ? [] : [f.value];
    switch (f.op) {
      case "exists":
        return field.exists;
      case "not_exists":
        return `NOT (${field.exists})`;
      case "eq":
      case "in":
        return `coalesce(${equals(field, list, p)}, false)`;
      case "neq":
      case "not_in":
        // A row without the key is "not equal" to any value.
        return `NOT coalesce(${equals(field, list, p)}, false)`;
      default:
        return `coalesce(${safeNumber(field.text)} ${COMPARE[f.op]} ${p.num(Number(f.value))}, false)`;
    }
  });
}
