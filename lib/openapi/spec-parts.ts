import { z } from "zod";

// The pieces every part of the OpenAPI document is written with (lib/openapi/spec.ts and each
// domain's openapi-paths.ts), so that every route describes schemas, errors and parameters alike.

export type Json = Record<string, unknown>;

export const schema = (s: z.ZodType, io: "input" | "output" = "input"): Json =>
  z.toJSONSchema(s, { io, unrepresentable: "any", target: "draft-2020-12" }) as Json;

/** Query-string inputs described parameter by parameter, from the schemas the handlers parse with. */
export function queryParameters(s: z.ZodType): Json[] {
  const doc = schema(s) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(doc.properties ?? {}).map(([name, p]) => ({ name, in: "query", required: doc.required?.includes(name) ?? false, schema: p }));
}

const STATUS_TEXT: Record<number, string> = {
  400: "Malformed request (bad JSON)",
  401: "Missing, wrong or revoked key, or no session",
  403: "The key's scopes or the member's role do not allow this",
  404: "Not found (or not visible to this caller)",
  413: "Body or batch too large",
  422: "Invalid: `details` names each bad field",
  503: "Database unavailable; retry after Retry-After seconds",
};

export const errors = (...codes: number[]): Json =>
  Object.fromEntries(codes.map((c) => [String(c), { description: STATUS_TEXT[c], content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } }]));

export const jsonBody = (s: Json): Json => ({ required: true, content: { "application/json": { schema: s } } });
export const ok = (description: string, s?: Json, status = "200"): Json => ({ [status]: { description, ...(s ? { content: { "application/json": { schema: s } } } : {}) } });
export const pathParam = (name: string): Json => ({ name, in: "path", required: true, schema: { type: "string" } });
