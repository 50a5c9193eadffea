import { errors, jsonBody, ok, pathParam, schema, type Json } from "@/lib/openapi/spec-parts";
import { CreateAnnotationInput, LIST_DEFAULT_DAYS, LIST_LIMIT, SPAN_MAX_MS, TAGS_MAX, UpdateAnnotationInput } from "./annotation-schemas";

const instantParam = (name: string, description: string): Json => ({
  name,
  in: "query",
  required: false,
  schema: { anyOf: [{ type: "string", format: "date-time" }, { type: "integer", minimum: 0 }] },
  description,
});

const AnnotationView: Json = {
  type: "object",
  required: ["id", "startsAt", "endsAt", "title", "description", "tags", "createdBy", "createdByKind", "createdAt"],
  properties: {
    id: { type: "string", format: "uuid" },
    startsAt: { type: "string", format: "date-time" },
    endsAt: { type: ["string", "null"], format: "date-time", description: "null: an instant" },
    title: { type: "string" },
    description: { type: ["string", "null"] },
    tags: { type: "array", items: { type: "string" } },
    createdBy: { type: ["string", "null"], description: "The member's email or the API key's name" },
    createdByKind: { enum: ["user", "key", null] },
    createdAt: { type: "string", format: "date-time" },
  },
};

/** The annotation routes of the OpenAPI document (lib/openapi/spec.ts). */
export function annotationPaths(): Record<string, Json> {
  const security = [{ apiKey: [] }];
  const tags = ["Annotations"];
  const one = AnnotationView;
  return {
    "/api/v1/annotations": {
      get: {
        summary: `Annotations overlapping [from, to], oldest first (at most ${LIST_LIMIT})`,
        description: "A span overlaps when it touches the window; an instant when it lies inside it. `tags` (repeated or comma-separated) keeps annotations carrying every given tag.",
        tags,
        security,
        parameters: [
          instantParam("from", `ISO 8601 with offset, or epoch milliseconds; default: ${LIST_DEFAULT_DAYS} days before to`),
          instantParam("to", "ISO 8601 with offset, or epoch milliseconds; not before from; default: now"),
          { name: "tags", in: "query", required: false, schema: { type: "string" }, description: `Up to ${TAGS_MAX} tags, e.g. tags=deploy,api` },
        ],
        responses: { ...ok("{ annotations }", { type: "object", properties: { annotations: { type: "array", items: one } } }), ...errors(400, 401, 403, 404, 422) },
      },
      post: {
        summary: "Add an annotation: a deploy, launch or incident, as an instant (no endsAt) or a span",
        description: `Keys with the ingest scope (a deploy pipeline) or admin, or members who can write. startsAt defaults to now; endsAt must not be before startsAt and a span lasts at most ${SPAN_MAX_MS / 86_400_000} days. A span is left out of anomaly baselines.`,
        tags,
        security,
        requestBody: jsonBody(schema(CreateAnnotationInput)),
        responses: { ...ok("The annotation", one, "201"), ...errors(400, 401, 403, 404, 413, 415, 422, 503) },
      },
    },
    "/api/v1/annotations/{annotationId}": {
      get: { summary: "One annotation", tags, security, parameters: [pathParam("annotationId")], responses: { ...ok("The annotation", one), ...errors(401, 403, 404) } },
      patch: {
        summary: "Change an annotation's time, span, title, description or tags (write; admin keys)",
        description: "endsAt null turns a span into an instant.",
        tags,
        security,
        parameters: [pathParam("annotationId")],
        requestBody: jsonBody(schema(UpdateAnnotationInput)),
        responses: { ...ok("The annotation", one), ...errors(400, 401, 403, 404, 415, 422) },
      },
      delete: { summary: "Delete an annotation (write; admin keys)", tags, security, parameters: [pathParam("annotationId")], responses: { "204": { description: "Deleted" }, ...errors(401, 403, 404) } },
    },
  };
}
