import { readJsonBody } from "@/lib/http/body";
import { json } from "@/lib/http/respond";
import { projectRoute } from "@/lib/http/route";
import { ingestBatch } from "./ingest-batch";
import { INGEST_LIMITS } from "./limits";

/** Which wire shape an ingest path takes (the BrainzLab SDK paths). */
export type IngestShape = "event" | "events" | "metric" | "metrics" | "mixed";

// Browsers send from the product's own origin with an explicit bearer key (no cookies), so
// any origin may post; the key is what authorises.
const CORS_HEADERS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "POST, OPTIONS",
  "Access-Control-Allow-Headers": "Authorization, Content-Type, Content-Encoding, Idempotency-Key",
  "Access-Control-Expose-Headers": "Retry-After, Idempotent-Replayed",
  "Access-Control-Max-Age": "86400",
  // The answer is a few bytes: compressing it costs the server more than it saves.
  "Cache-Control": "no-store, no-transform",
};

function toInput(shape: IngestShape, body: unknown): unknown {
  const envelope = (body ?? {}) as { events?: unknown; metrics?: unknown };
  switch (shape) {
    case "event":
      return { events: [body] };
    case "metric":
      return { metrics: [body] };
    case "events":
      return { events: typeof body === "object" && !Array.isArray(body) ? envelope.events : body };
    case "metrics":
      return { metrics: typeof body === "object" && !Array.isArray(body) ? envelope.metrics : body };
    case "mixed":
      return body;
  }
}

/**
 * The POST handler of every ingest path: key with `ingest` scope, capped (gzip-aware) JSON
 * body, one `ingestBatch` call, 202 `{ accepted, rejected }`; errors keep the envelope.
 */
export function ingestHandler(shape: IngestShape) {
  const handler = projectRoute("ingest", async ({ req, ctx }) => {
    const body = await readJsonBody(req, { maxBytes: INGEST_LIMITS.maxBodyBytes });
    const input = toInput(shape, body);
    if ((shape === "events" || shape === "metrics") && !Array.isArray((input as Record<string, unknown>)[shape])) {
      return json({ error: { code: "invalid", message: `Send { "${shape}": [...] }`, details: [{ field: shape, message: `${shape} must be an array` }] } }, 422);
    }
    const result = await ingestBatch({ ctx, input, idempotencyKey: req.headers.get("idempotency-key") });
    return json({ accepted: result.accepted, rejected: result.rejected }, { status: 202, headers: result.replayed ? { "Idempotent-Replayed": "true" } : {} });
  });
  return async (req: Request, route: { params: Promise<Record<string, string | string[] | undefined>> }) => withCors(await handler(req, route));
}

/** The CORS preflight answer for ingest paths. */
export function ingestPreflight(): Response {
  return new Response(null, { status: 204, headers: CORS_HEADERS });
}

function withCors(res: Response): Response {
  for (const [k, v] of Object.entries(CORS_HEADERS)) res.headers.set(k, v);
  return res;
}
