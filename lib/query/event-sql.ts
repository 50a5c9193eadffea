import type { Source } from "./aggregate-sql";
import { safeNumber, type SqlParams } from "./sql-params";

const COLUMNS = new Set(["user_id", "session_id", "environment", "service"]);

/** Events of one name (null: any) in one project; `property` makes sum/avg read a numeric property. */
export function eventSource(projectId: string, name: string | null, property?: string) {
  return (p: SqlParams): Source => ({
    table: "events",
    alias: "e",
    events: { projectId, name },
    where: [`e.project_id = ${p.uuid(projectId)}`, ...(name === null ? [] : [`e.name = ${p.text(name)}`])],
    time: "e.time",
    // Non-numeric property values read as NULL, so sum and avg skip them.
    value: property ? safeNumber(`(e.properties->>${p.text(property)})`) : "e.value",
    field: (key) => {
      if (COLUMNS.has(key)) return { text: `e.${key}`, exists: `(e.${key} IS NOT NULL)` };
      const [column, k] = key.startsWith("tags.") ? ["e.tags", p.text(key.slice(5))] : ["e.properties", p.text(key)];
      return { text: `(${column}->>${k})`, exists: `(${column} ? ${k})` };
    },
  });
}
