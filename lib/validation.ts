import type { z } from "zod";
import { invalid, type FieldIssue } from "./errors";
import { findUnstorableText, UNSTORABLE_TEXT_MESSAGE } from "./validation/text";

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((i) =>
    // A strict object's extra keys are named one by one, so a client sees which field to drop.
    i.code === "unrecognized_keys"
      ? i.keys.map((key) => ({ field: [...i.path, key].join("."), message: `Unknown field "${key}"` }))
      : [{ field: i.path.join(".") || "body", message: i.message }],
  );
}

/**
 * Parses input with a schema, or throws 422 naming every bad field. Whatever the schema, no
 * string it lets through may hold text PostgreSQL refuses (NUL, unpaired surrogates): that
 * is checked here once for every domain function, so a schema that forgets it cannot 500.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, message = "Invalid input"): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalid(message, fieldIssues(parsed.error));
  const bad = findUnstorableText(parsed.data, schema);
  if (bad) throw invalid(message, [{ field: bad.join(".") || "body", message: `The text ${UNSTORABLE_TEXT_MESSAGE}` }]);
  return parsed.data;
}
