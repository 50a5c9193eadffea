// GET  /api/v1/ask?project= – whether the Ask box answers here, its limits, and the MCP address (read).
// POST /api/v1/ask?project= – a question (or a confirmation) answered as NDJSON events (read; lib/ask).
import { publicBaseUrl } from "@/lib/alerts/alert-links";
import { assertAskConfigured, askStatus } from "@/lib/ask/ask-config";
import { takeAskAttempt } from "@/lib/ask/ask-limit";
import { parseAskRequest } from "@/lib/ask/ask-request";
import { askStream, NDJSON_HEADERS } from "@/lib/ask/ask-stream";
import { readJsonBody } from "@/lib/http/body";
import { requestOrigin } from "@/lib/mcp/request-origin";
import { projectRoute } from "@/lib/http/route";
import { json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

// Links and the MCP address: AUTH_URL, else where the person reached Flux (never the listening address).
const base = (req: Request) => publicBaseUrl() ?? requestOrigin(req);

export const GET = projectRoute("read", async ({ req }) => json(askStatus(base(req))));

export const POST = projectRoute("read", async ({ req, ctx }) => {
  const input = parseAskRequest(await readJsonBody(req));
  const config = assertAskConfigured(base(req));
  await takeAskAttempt({ ctx, perHour: config.questionsPerHour });
  return new Response(askStream({ ctx, input, base: base(req), config, signal: req.signal }), { headers: NDJSON_HEADERS });
});
