import { z } from "zod";

// Identifiers as PostgreSQL stores them: a uuid column refuses any other text with an error
// (22P02), so an id that is not one cannot name a row and is answered 404 before the query.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The canonical layout of PostgreSQL's uuid type (hex digits, any version). */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

export const Uuid = z.string().regex(UUID, "must be a UUID");
