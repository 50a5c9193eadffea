import { EventInput, MetricInput } from "@/lib/ingest/item-schemas";
import { INGEST_LIMITS } from "@/lib/ingest/limits";
import { QueryRequest, QueryResult } from "@/lib/query/model";
import { CatalogMetadataInput } from "@/lib/catalog/catalog-metadata";
import { ProvisionInput } from "@/lib/projects/provision";
import { PusherAuthInput } from "@/lib/live/pusher-auth-input";
import { CreateDashboardInput, ReplaceDashboardInput, UpdateDashboardInput, Dashboard } from "@/lib/dashboards/schema";
import { anomalyPaths } from "@/lib/anomaly/openapi-paths";
import { alertPaths } from "@/lib/alerts/openapi-paths";
import { annotationPaths } from "@/lib/annotations/openapi-paths";
import { cronPaths, cronSecretScheme } from "@/lib/scheduler/openapi-paths";
import { sharePaths } from "@/lib/sharing/openapi-paths";
import { mcpPaths } from "@/lib/mcp/openapi-paths";
import { askPaths } from "@/lib/ask/openapi-paths";
import { errors, jsonBody, ok, pathParam, schema, type Json } from "./spec-parts";

// The public API, described from the same zod schemas the handlers validate with, so the
// description cannot drift from the code (spec.test.ts checks that every route and method is described).

const ErrorEnvelope: Json = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", enum: ["bad_request", "unauthorized", "forbidden", "not_found", "method_not_allowed", "not_acceptable", "conflict", "payload_too_large", "unsupported_media_type", "invalid", "rate_limited", "unavailable", "internal"] },
        message: { type: "string" },
        details: { description: "For 422: one entry per bad item or field ({ field, message, index? })." },
      },
    },
  },
};

const IngestResponse: Json = {
  type: "object",
  properties: {
    accepted: { type: "integer" },
    rejected: {
      type: "array",
      items: { type: "object", properties: { index: { type: "integer" }, kind: { enum: ["event", "metric"] }, field: { type: "string" }, message: { type: "string" } } },
    },
  },
};


const ingestOp = (summary: string, body: Json) => ({
  post: {
    summary,
    tags: ["Ingest"],
    security: [{ apiKey: [] }],
    parameters: [{ name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 200 }, description: "A retried request with the same key is answered from the first response and not stored twice." }],
    requestBody: { ...jsonBody(body), description: "JSON, optionally `Content-Encoding: gzip`." },
    responses: { ...ok("Stored (valid items) – rejected items are listed", { $ref: "#/components/schemas/IngestResponse" }, "202"), ...errors(400, 401, 403, 413, 422, 503) },
  },
});

export function openApiDocument(): Json {
  const event = schema(EventInput);
  const metric = schema(MetricInput);
  return {
    openapi: "3.1.0",
    info: {
      title: "Flux API",
      version: "1",
      description: `Send events and metrics, query them, manage dashboards. Machines authenticate with \`Authorization: Bearer <project API key>\`; signed-in people use their session and name the project with \`?project=<id>\`. Limits: body ${INGEST_LIMITS.maxBodyBytes} bytes, ${INGEST_LIMITS.maxItemsPerBatch} items per batch.`,
    },
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "A project API key (scopes: ingest, read, admin)." }, cronSecret: cronSecretScheme },
      schemas: { Error: ErrorEnvelope, IngestResponse, Event: event, MetricPoint: metric },
    },
    paths: {
      "/api/health": { get: { summary: "Liveness and database reachability", tags: ["Meta"], responses: { ...ok("Healthy"), "503": { description: "Database unreachable" } } } },
      "/api/v1/openapi.json": { get: { summary: "This document", tags: ["Meta"], responses: ok("OpenAPI 3.1") } },
      "/api/v1/project": { get: { summary: "The caller's project and the key's scopes", tags: ["Projects"], security: [{ apiKey: [] }], responses: { ...ok("Project"), ...errors(401, 404) } } },
      "/api/v1/projects/provision": {
        post: {
          summary: "BrainzLab SDK auto-provisioning: find or create a project by name and issue keys",
          tags: ["Projects"],
          parameters: [{ name: "X-Master-Key", in: "header", required: true, schema: { type: "string" }, description: "Equal to the server's FLUX_MASTER_KEY." }],
          requestBody: jsonBody(schema(ProvisionInput)),
          responses: {
            ...ok("Created: { id, name, environment, ingest_key, api_key }", undefined, "201"),
            ...ok("Existing project, new keys"),
            ...errors(400, 401, 403, 422),
          },
        },
      },
      "/api/v1/events": {
        ...ingestOp("Send one event", { $ref: "#/components/schemas/Event" }),
        get: { summary: "Recent raw events, newest first", tags: ["Query"], security: [{ apiKey: [] }], parameters: [{ name: "name", in: "query", schema: { type: "string" } }, { name: "limit", in: "query", schema: { type: "integer" } }, { name: "cursor", in: "query", schema: { type: "string" } }], responses: { ...ok("Events and the next cursor"), ...errors(401, 403, 422) } },
      },
      "/api/v1/events/batch": ingestOp("Send a batch of events", { type: "object", properties: { events: { type: "array", items: { $ref: "#/components/schemas/Event" } } }, required: ["events"] }),
      "/api/v1/metrics": {
        ...ingestOp("Send one metric point", { $ref: "#/components/schemas/MetricPoint" }),
        get: { summary: "The metric catalog", tags: ["Catalog"], security: [{ apiKey: [] }], responses: { ...ok("Metrics with type, unit, display name, description, higherIsBetter, last seen and series count"), ...errors(401, 403) } },
      },
      "/api/v1/metrics/batch": ingestOp("Send a batch of metric points", { type: "object", properties: { metrics: { type: "array", items: { $ref: "#/components/schemas/MetricPoint" } } }, required: ["metrics"] }),
      "/api/v1/flux/batch": ingestOp("Send events and metric points together (what the SDKs use)", { type: "object", properties: { events: { type: "array", items: { $ref: "#/components/schemas/Event" } }, metrics: { type: "array", items: { $ref: "#/components/schemas/MetricPoint" } } } }),
      "/api/v1/metrics/{name}": {
        get: { summary: "A metric with its tag keys and values", tags: ["Catalog"], security: [{ apiKey: [] }], parameters: [pathParam("name")], responses: { ...ok("Metric"), ...errors(401, 403, 404) } },
        patch: { summary: "Edit display name, unit, description and higherIsBetter (admin)", tags: ["Catalog"], security: [{ apiKey: [] }], parameters: [pathParam("name")], requestBody: jsonBody(schema(CatalogMetadataInput)), responses: { ...ok("Metric"), ...errors(401, 403, 404, 422) } },
        delete: { summary: "Delete a metric with all its series, points and rollups (admin)", tags: ["Catalog"], security: [{ apiKey: [] }], parameters: [pathParam("name")], responses: { ...ok("{ name, deletedSeries, deletedPoints }"), ...errors(401, 403, 404, 503) } },
      },
      "/api/v1/event-names": { get: { summary: "Event names with display names, units and counts", tags: ["Catalog"], security: [{ apiKey: [] }], responses: { ...ok("Event names"), ...errors(401, 403) } } },
      "/api/v1/event-names/{name}": {
        get: { summary: "An event's catalog entry, property keys and sample values", tags: ["Catalog"], security: [{ apiKey: [] }], parameters: [pathParam("name")], responses: { ...ok("Event description"), ...errors(401, 403, 404) } },
        patch: { summary: "Edit display name, unit, description and higherIsBetter (admin)", tags: ["Catalog"], security: [{ apiKey: [] }], parameters: [pathParam("name")], requestBody: jsonBody(schema(CatalogMetadataInput)), responses: { ...ok("Event description"), ...errors(401, 403, 404, 422) } },
        delete: { summary: "Delete an event name with all its events and rollups (admin)", tags: ["Catalog"], security: [{ apiKey: [] }], parameters: [pathParam("name")], responses: { ...ok("{ name, deletedEvents }"), ...errors(401, 403, 404, 503) } },
      },
      "/api/v1/query": {
        post: {
          summary: "Run a query, several named ones, or a formula over named ones",
          tags: ["Query"],
          security: [{ apiKey: [] }],
          requestBody: jsonBody(schema(QueryRequest)),
          responses: { ...ok("Series with points, totals and comparisons", schema(QueryResult, "output")), ...errors(400, 401, 403, 422, 503) },
        },
      },
      "/api/v1/dashboards": {
        get: { summary: "List dashboards", tags: ["Dashboards"], security: [{ apiKey: [] }], responses: { ...ok("Dashboards"), ...errors(401, 403) } },
        post: { summary: "Create a dashboard", tags: ["Dashboards"], security: [{ apiKey: [] }], requestBody: jsonBody(schema(CreateDashboardInput)), responses: { ...ok("Created", schema(Dashboard, "output"), "201"), ...errors(401, 403, 422) } },
      },
      "/api/v1/dashboards/{dashboardId}": {
        get: { summary: "One dashboard", tags: ["Dashboards"], security: [{ apiKey: [] }], parameters: [pathParam("dashboardId")], responses: { ...ok("Dashboard", schema(Dashboard, "output")), ...errors(401, 403, 404) } },
        put: { summary: "Replace a dashboard", tags: ["Dashboards"], security: [{ apiKey: [] }], parameters: [pathParam("dashboardId")], requestBody: jsonBody(schema(ReplaceDashboardInput)), responses: { ...ok("Dashboard"), ...errors(401, 403, 404, 422) } },
        patch: { summary: "Rename, re-layout, save the default view or set as default", description: "The default view is range, interval, timezone and refreshSeconds: what a visit without URL parameters shows. timezone null unsets it (each viewer sees their own zone).", tags: ["Dashboards"], security: [{ apiKey: [] }], parameters: [pathParam("dashboardId")], requestBody: jsonBody(schema(UpdateDashboardInput)), responses: { ...ok("Dashboard"), ...errors(401, 403, 404, 422) } },
        delete: { summary: "Delete a dashboard", tags: ["Dashboards"], security: [{ apiKey: [] }], parameters: [pathParam("dashboardId")], responses: { "204": { description: "Deleted" }, ...errors(401, 403, 404) } },
      },
      "/api/v1/live": {
        get: {
          summary: "Server-sent events of the project's changes: `ready`, then `change` ({ metrics, events, from, to, all? }) after ingest, `resync` when changes may have been missed, `ping` every heartbeat",
          tags: ["Live"],
          security: [{ apiKey: [] }],
          parameters: [{ name: "project", in: "query", schema: { type: "string", format: "uuid" }, description: "With the session cookie: the project to follow." }],
          responses: { "200": { description: "An event stream", content: { "text/event-stream": { schema: { type: "string" } } } }, ...errors(400, 401, 403, 404, 503) },
        },
      },
      "/api/v1/live/pusher-auth": {
        post: {
          summary: "Signs a Pusher subscription to private-flux-project-<id> for a caller who may read that project (when Pusher is configured)",
          tags: ["Live"],
          security: [{ apiKey: [] }],
          requestBody: jsonBody(schema(PusherAuthInput)),
          responses: { ...ok("{ auth }: the signature pusher-js expects"), ...errors(400, 401, 403, 404, 415, 422) },
        },
      },
      "/api/v1/dashboards/{dashboardId}/duplicate": {
        post: { summary: "Duplicate a dashboard", tags: ["Dashboards"], security: [{ apiKey: [] }], parameters: [pathParam("dashboardId")], responses: { ...ok("The copy", undefined, "201"), ...errors(401, 403, 404) } },
      },
      ...anomalyPaths(),
      ...annotationPaths(),
      ...cronPaths(),
      ...alertPaths(),
      ...sharePaths(),
      ...mcpPaths(),
      ...askPaths(),
    },
  };
}
