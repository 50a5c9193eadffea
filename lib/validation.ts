import type { z } from "zod";
import { invalid, type FieldIssue } from "./errors";

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ field: i.path.join(".") || "body", message: i.message }));
}

/** Parses input with a schema, or throws 422 naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, message = "Invalid input"): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalid(message, fieldIssues(parsed.error));
  return parsed.data;
}
