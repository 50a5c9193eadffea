import { errors, jsonBody, ok, pathParam, schema, type Json } from "@/lib/openapi/spec-parts";
import { MultiQueryResult } from "@/lib/query/model";
import { ShareChannelAuthInput } from "@/lib/live/pusher-auth-input";
import { CreateShareLinkInput, LOOKBACK_MAX_DAYS, PASSWORD_MAX, SharedWidgetView } from "./share-link-schemas";
import { SHARE_GRANT_HEADER } from "./share-token";

// The share-link routes of the OpenAPI document (lib/openapi/spec.ts): managing links (members
// who can write, admin keys) and what a visitor holding a link may call (no key, no session).

const ShareLinkView: Json = {
  type: "object",
  required: ["id", "dashboardId", "dashboardName", "label", "tokenHint", "createdBy", "createdAt", "expiresAt", "hasPassword", "allowRangeChange", "maxLookbackDays", "revokedAt", "lastViewedAt", "viewCount", "status"],
  properties: {
    id: { type: "string", format: "uuid" },
    dashboardId: { type: "string", format: "uuid" },
    dashboardName: { type: "string" },
    label: { type: "string" },
    tokenHint: { type: "string", description: "The token's last 4 characters, to tell links apart; the token itself is never listed" },
    createdBy: { oneOf: [{ type: "null" }, { type: "object", required: ["id", "name", "email"], properties: { id: { type: "string", format: "uuid" }, name: { type: ["string", "null"] }, email: { type: "string" } } }], description: "null when an API key created it" },
    createdAt: { type: "string", format: "date-time" },
    expiresAt: { type: ["string", "null"], format: "date-time", description: "null: never expires" },
    hasPassword: { type: "boolean" },
    allowRangeChange: { type: "boolean", description: "Whether visitors may change the time range" },
    maxLookbackDays: { type: ["integer", "null"], minimum: 1, maximum: LOOKBACK_MAX_DAYS, description: "How far back visitors may look; null: no limit (or no range change at all)" },
    revokedAt: { type: ["string", "null"], format: "date-time" },
    lastViewedAt: { type: ["string", "null"], format: "date-time" },
    viewCount: { type: "integer", minimum: 0 },
    status: { enum: ["active", "expired", "revoked"] },
  },
};

const CreatedShareLink: Json = {
  allOf: [
    ShareLinkView,
    {
      type: "object",
      required: ["token", "path"],
      properties: {
        token: { type: "string", pattern: "^fxs_[A-Za-z0-9_-]{43}$", description: "Shown in this answer only; stored as a SHA-256 hash" },
        path: { type: "string", description: "/share/<token>: the shared page, relative to this Flux's origin (add ?embed=1 for an iframe)" },
      },
    },
  ],
};

const tokenParam: Json = { name: "token", in: "path", required: true, schema: { type: "string", pattern: "^fxs_[A-Za-z0-9_-]{43}$" }, description: "The share link's token" };
const grantHeader: Json = {
  name: SHARE_GRANT_HEADER,
  in: "header",
  required: false,
  schema: { type: "string" },
  description: "For a link with a password: the grant from /unlock (or its cookie flux-share-<linkId>)",
};
const refused = (extra: string): Json => ({
  "404": { description: `Unknown, expired or revoked link, ${extra} (one answer for all)`, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
});
const rateLimited: Json = {
  "429": { description: "Too many failed attempts from this address or for this link; retry after Retry-After seconds", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
};

function managePaths(): Record<string, Json> {
  const security = [{ apiKey: [] }];
  const tags = ["Share links"];
  const list: Json = { type: "object", required: ["shareLinks"], properties: { shareLinks: { type: "array", items: ShareLinkView } } };
  return {
    "/api/v1/dashboards/{dashboardId}/share-links": {
      get: {
        summary: "The dashboard's share links, newest first, revoked and expired ones included (write; admin keys)",
        tags,
        security,
        parameters: [pathParam("dashboardId")],
        responses: { ...ok("{ shareLinks }", list), ...errors(400, 401, 403, 404) },
      },
      post: {
        summary: "Create a share link: read-only access to this one dashboard without sign-in (write; admin keys)",
        description:
          "The answer carries the token and the page's path once; Flux keeps only a hash. expiresAt (ISO 8601 with offset or epoch ms, in the future) or null for never. A password (8 or more characters) gates the page. allowRangeChange lets visitors pick another time range, back at most maxLookbackDays (null: no limit); otherwise they see the saved range.",
        tags,
        security,
        parameters: [pathParam("dashboardId")],
        requestBody: jsonBody(schema(CreateShareLinkInput)),
        responses: { ...ok("The link, with its token (shown only now)", CreatedShareLink, "201"), ...errors(400, 401, 403, 404, 413, 415, 422) },
      },
    },
    "/api/v1/share-links": {
      get: { summary: "Every share link of the project, newest first, with its dashboard (write; admin keys)", tags, security, responses: { ...ok("{ shareLinks }", list), ...errors(400, 401, 403, 404) } },
    },
    "/api/v1/share-links/{linkId}": {
      delete: {
        summary: "Revoke a share link at once: its page, widget data and live stream stop answering (write; admin keys)",
        description: "The link stays listed with status revoked. Revoking a revoked link changes nothing.",
        tags,
        security,
        parameters: [pathParam("linkId")],
        responses: { ...ok("The link, revoked", ShareLinkView), ...errors(401, 403, 404) },
      },
    },
  };
}

function visitorPaths(): Record<string, Json> {
  const tags = ["Shared dashboards"];
  // No key and no session: the token in the path is the credential.
  const security: Json[] = [];
  return {
    "/api/v1/shared/{token}": {
      get: {
        summary: "The shared dashboard: its name, saved range, interval, refresh, widgets and the catalog entries of only the names they read, and what the visitor may change",
        tags,
        security,
        parameters: [tokenParam, grantHeader],
        responses: {
          ...ok("{ dashboardId, policy, dashboard }", {
            type: "object",
            required: ["dashboardId", "policy", "dashboard"],
            properties: {
              dashboardId: { type: "string", format: "uuid" },
              policy: { type: "object", required: ["allowRangeChange", "maxLookbackDays"], properties: { allowRangeChange: { type: "boolean" }, maxLookbackDays: { type: ["integer", "null"] } } },
              dashboard: { type: "object", required: ["name", "range", "interval", "refreshSeconds", "widgets", "catalog"], description: "The saved dashboard as it renders; no ids of other dashboards, no project name" },
            },
          }),
          ...refused("or missing or wrong grant"),
          ...rateLimited,
        },
      },
    },
    "/api/v1/shared/{token}/widgets/{widgetId}": {
      post: {
        summary: "Data of one widget of the shared dashboard, from its saved query (an empty body: the saved view)",
        description:
          "The body may only choose the view (range, interval, timezone; `{}` for the saved one); the metric, filters, group-by and formula are the saved widget's. A range is refused unless the link allows range changes within its look-back.",
        tags,
        security,
        parameters: [tokenParam, pathParam("widgetId"), grantHeader],
        requestBody: { ...jsonBody(schema(SharedWidgetView)), required: false },
        responses: { ...ok("{ results: { a, b… } }", schema(MultiQueryResult, "output")), ...errors(400, 413, 415, 422), ...refused("missing or wrong grant, or unknown widget"), ...rateLimited },
      },
    },
    "/api/v1/shared/{token}/unlock": {
      post: {
        summary: "Give a link's password; the answer's grant (also set as cookie flux-share-<linkId>) opens the page and its data",
        tags,
        security,
        parameters: [tokenParam],
        requestBody: jsonBody({ type: "object", required: ["password"], properties: { password: { type: "string", maxLength: PASSWORD_MAX } } }),
        responses: { ...ok("{ grant }", { type: "object", required: ["grant"], properties: { grant: { type: "string" } } }), ...errors(400, 413, 415), ...refused("or a wrong password"), ...rateLimited },
      },
    },
    "/api/v1/shared/{token}/live": {
      get: {
        summary: "Server-sent events for the shared dashboard: `ready`, `change` (only the names its widgets read), `resync`, `ping`; `denied` when the link is revoked or expires",
        tags,
        security,
        parameters: [tokenParam, { name: "grant", in: "query", required: false, schema: { type: "string" }, description: "For a link with a password (EventSource cannot send headers)" }, grantHeader],
        responses: { "200": { description: "An event stream", content: { "text/event-stream": { schema: { type: "string" } } } }, ...refused("or missing or wrong grant"), ...rateLimited, ...errors(503) },
      },
    },
    "/api/v1/shared/{token}/pusher-auth": {
      post: {
        summary: "Signs a Pusher subscription to private-flux-share-<dashboardId> of the link's dashboard only (when Pusher is configured)",
        tags,
        security,
        parameters: [tokenParam, grantHeader],
        requestBody: jsonBody(schema(ShareChannelAuthInput)),
        responses: { ...ok("{ auth }: the signature pusher-js expects"), ...errors(400, 413, 415, 422), ...refused("missing or wrong grant, another channel, or no Pusher"), ...rateLimited },
      },
    },
  };
}

/** Managing links and the visitor's routes. */
export function sharePaths(): Record<string, Json> {
  return { ...managePaths(), ...visitorPaths() };
}
