import { errors, jsonBody, ok, pathParam, queryParameters, schema, type Json } from "@/lib/openapi/spec-parts";
import { ExpectedBandInput, ListAnomaliesInput, UpdateAnomalyInput } from "./anomaly-schemas";

/** The anomaly routes of the OpenAPI document (lib/openapi/spec.ts). */
export function anomalyPaths(): Record<string, Json> {
  const security = [{ apiKey: [] }];
  const tags = ["Anomalies"];
  return {
    "/api/v1/anomalies": {
      get: {
        summary: "Anomaly episodes, newest first (open ones grow; closed ones have endedAt)",
        description: "Filters: status (open, closed, all), kind, minSeverity, source, name, acknowledged, from/to (episodes overlapping the window). Pages with limit and nextCursor.",
        tags,
        security,
        parameters: queryParameters(ListAnomaliesInput),
        responses: { ...ok("{ anomalies, nextCursor }"), ...errors(400, 401, 403, 404, 422) },
      },
    },
    "/api/v1/anomalies/{anomalyId}": {
      get: { summary: "One anomaly episode", tags, security, parameters: [pathParam("anomalyId")], responses: { ...ok("Anomaly"), ...errors(401, 403, 404) } },
      patch: {
        summary: "Acknowledge an episode, or say it is normal (feedback: 'normal'; null undoes it)",
        description: "Later episodes of the same series and kind with a similar magnitude are recorded as normal and never alert.",
        tags,
        security,
        parameters: [pathParam("anomalyId")],
        requestBody: jsonBody(schema(UpdateAnomalyInput)),
        responses: { ...ok("Anomaly"), ...errors(400, 401, 403, 404, 415, 422) },
      },
    },
    "/api/v1/anomalies/band": {
      get: {
        summary: "The expected value and band of a series per bucket, as the detector sees it",
        description: "tags is a JSON object of tag values (metrics) naming one series; without it, the metric as a whole. interval: 1m, 5m, 15m or 1h (default: fitting the window).",
        tags,
        security,
        parameters: queryParameters(ExpectedBandInput),
        responses: { ...ok("{ bucketSeconds, aggregation, points: [{ t, value, expected, lower, upper }] }"), ...errors(400, 401, 403, 404, 422, 503) },
      },
    },
  };
}
