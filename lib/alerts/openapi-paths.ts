import { AlertChannelInput, AlertHistoryInput, AlertRuleInput, UpdateAlertChannelInput, UpdateAlertRuleInput } from "./alert-schemas";
import { errors, jsonBody, ok, pathParam, queryParameters, schema, type Json } from "@/lib/openapi/spec-parts";

const SIGNING =
  "Webhook messages are POSTed as JSON ({ type: firing|reminder|resolved|test, rule, state, severity, value, group, message, link, at, projectId }) with `X-Flux-Timestamp: <unix seconds>` and `X-Flux-Signature: sha256=<hex HMAC-SHA256 of \"<timestamp>.<body>\" with the channel's secret>`. Failed sends are retried after about 30 s, 2 min and 10 min, then marked failed.";

/** The alert routes of the OpenAPI document (lib/openapi/spec.ts). */
export function alertPaths(): Record<string, Json> {
  const security = [{ apiKey: [] }];
  const tags = ["Alerts"];
  const channel = pathParam("channelId");
  const rule = pathParam("ruleId");
  return {
    "/api/v1/alerts/channels": {
      get: { summary: "Alert channels (url, recipients and secret only for admins)", tags, security, responses: { ...ok("{ channels }"), ...errors(400, 401, 403, 404) } },
      post: { summary: "Create a webhook, Slack or email channel (admin)", description: SIGNING, tags, security, requestBody: jsonBody(schema(AlertChannelInput)), responses: { ...ok("The channel, with a webhook's signing secret", undefined, "201"), ...errors(400, 401, 403, 404, 415, 422) } },
    },
    "/api/v1/alerts/channels/{channelId}": {
      get: { summary: "One alert channel", tags, security, parameters: [channel], responses: { ...ok("Channel"), ...errors(401, 403, 404) } },
      patch: { summary: "Rename a channel, change its url or recipients, or rotate a webhook's secret (admin)", tags, security, parameters: [channel], requestBody: jsonBody(schema(UpdateAlertChannelInput)), responses: { ...ok("Channel"), ...errors(400, 401, 403, 404, 415, 422) } },
      delete: { summary: "Delete a channel; rules stop sending to it (admin)", tags, security, parameters: [channel], responses: { "204": { description: "Deleted" }, ...errors(401, 403, 404) } },
    },
    "/api/v1/alerts/channels/{channelId}/test": {
      post: { summary: "Send a test message now (admin)", tags, security, parameters: [channel], responses: { ...ok("{ status: delivered|failed, responseStatus, error }"), ...errors(401, 403, 404) } },
    },
    "/api/v1/alerts/rules": {
      get: { summary: "Alert rules, each with its groups' current states", tags, security, responses: { ...ok("{ rules }"), ...errors(400, 401, 403, 404) } },
      post: {
        summary: "Create an alert rule (write)",
        description: "Conditions: anomaly (open episodes of a metric or event at or above minSeverity, not marked normal), threshold (any query, reduced over windowMinutes, above/below value for forMinutes, recovering past recoverValue), no_data (nothing for forMinutes). Messages go to channelIds on firing and resolved, and every renotifyMinutes while firing, unless mutedUntil is in the future.",
        tags,
        security,
        requestBody: jsonBody(schema(AlertRuleInput)),
        responses: { ...ok("The rule", undefined, "201"), ...errors(400, 401, 403, 404, 415, 422) },
      },
    },
    "/api/v1/alerts/rules/{ruleId}": {
      get: { summary: "One alert rule with its states", tags, security, parameters: [rule], responses: { ...ok("Rule"), ...errors(401, 403, 404) } },
      patch: { summary: "Edit a rule: mute, enable or disable, change its condition or channels (write)", tags, security, parameters: [rule], requestBody: jsonBody(schema(UpdateAlertRuleInput)), responses: { ...ok("Rule"), ...errors(400, 401, 403, 404, 415, 422) } },
      delete: { summary: "Delete a rule with its states and history (write)", tags, security, parameters: [rule], responses: { "204": { description: "Deleted" }, ...errors(401, 403, 404) } },
    },
    "/api/v1/alerts/history": {
      get: { summary: "Every state transition, newest first, with the messages it sent", tags, security, parameters: queryParameters(AlertHistoryInput), responses: { ...ok("{ transitions, nextCursor }"), ...errors(400, 401, 403, 404, 422) } },
    },
    "/api/v1/alerts/firing": {
      get: { summary: "What fires now (enabled rules), most severe first", tags, security, responses: { ...ok("{ alerts: [{ ruleId, name, severity, groupKey, group, since, message, muted }] }"), ...errors(400, 401, 403, 404) } },
    },
  };
}
