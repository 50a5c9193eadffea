import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

// Local stand-ins for what alerts are sent to: a webhook receiver that checks X-Flux-Signature
// exactly as a receiver should (HMAC-SHA256 of "<timestamp>.<raw body>" with the channel's
// secret, constant-time compare, timestamp within five minutes), and a Slack-like receiver that
// accepts only what Slack's incoming webhooks accept.

export interface ReceivedWebhook {
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: Record<string, unknown>;
  /** The signature checked out with the secret the test gave for this path. */
  verified: boolean;
  problem: string | null;
}

/** What a path answers: a status (one per request in turn; the last repeats), or "hang" (never answers). */
export type Behaviour = number | "hang";

export interface Receiver {
  url: string;
  received: ReceivedWebhook[];
  for(path: string): ReceivedWebhook[];
  /** Sets the secret requests to `path` are checked with, and what it answers. */
  route(path: string, options: { secret?: string; answers?: Behaviour[] }): string;
  /** Waits until `path` got at least n requests (or fails after timeoutMs). */
  waitFor(path: string, n: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

const MAX_SKEW_SECONDS = 300;

/** Checks X-Flux-Timestamp / X-Flux-Signature the way a receiver of Flux webhooks should. */
export function verifySignature(secret: string, headers: http.IncomingHttpHeaders, raw: string, nowSeconds = Math.floor(Date.now() / 1000)): string | null {
  const ts = headers["x-flux-timestamp"];
  const sig = headers["x-flux-signature"];
  if (typeof ts !== "string" || !/^\d+$/.test(ts)) return "missing or malformed X-Flux-Timestamp";
  if (Math.abs(nowSeconds - Number(ts)) > MAX_SKEW_SECONDS) return "timestamp too far from now";
  if (typeof sig !== "string" || !/^sha256=[0-9a-f]{64}$/.test(sig)) return "missing or malformed X-Flux-Signature";
  const expected = Buffer.from(createHmac("sha256", secret).update(`${ts}.${raw}`).digest("hex"));
  const given = Buffer.from(sig.slice("sha256=".length));
  return expected.length === given.length && timingSafeEqual(expected, given) ? null : "signature mismatch";
}

async function listen(handler: http.RequestListener): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function makeReceiver(url: string, server: http.Server, received: ReceivedWebhook[], routes: Map<string, { secret?: string; answers: Behaviour[]; served: number }>): Receiver {
  return {
    url,
    received,
    for: (path) => received.filter((r) => r.path === path),
    route(path, options) {
      routes.set(path, { secret: options.secret, answers: options.answers ?? [200], served: 0 });
      return `${url}${path}`;
    },
    async waitFor(path, n, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        const got = received.filter((r) => r.path === path);
        if (got.length >= n) return got;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`${path}: expected ${n} requests within ${timeoutMs} ms, got ${received.filter((r) => r.path === path).length}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function startWebhookReceiver(): Promise<Receiver> {
  const received: ReceivedWebhook[] = [];
  const routes = new Map<string, { secret?: string; answers: Behaviour[]; served: number }>();
  const { server, url } = await listen(async (req, res) => {
    const raw = await readBody(req);
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const route = routes.get(path);
    let body: Record<string, unknown> = {};
    let problem: string | null = null;
    try {
      body = JSON.parse(raw);
    } catch {
      problem = "body is not JSON";
    }
    if (req.method !== "POST") problem = `method ${req.method}`;
    if (!String(req.headers["content-type"]).startsWith("application/json")) problem = "content-type is not application/json";
    if (!problem && route?.secret) problem = verifySignature(route.secret, req.headers, raw);
    received.push({ path, headers: req.headers, raw, body, verified: Boolean(route?.secret) && problem === null, problem });
    const answers = route?.answers ?? [404];
    const answer = answers[Math.min(route ? route.served++ : 0, answers.length - 1)];
    if (answer === "hang") return; // never answers: the sender's timeout must end it
    res.writeHead(answer, { "content-type": "text/plain" });
    res.end(answer >= 400 ? `receiver says no (${answer}) ${"x".repeat(5000)}` : "ok");
  });
  return makeReceiver(url, server, received, routes);
}

const SLACK_BLOCK_TYPES = new Set(["section", "context", "divider", "header", "actions", "image"]);

/** Slack's own checks on an incoming-webhook payload (the parts Flux uses); null when Slack would accept it. */
export function slackProblem(raw: string, contentType: string | undefined): string | null {
  if (!contentType?.startsWith("application/json")) return "invalid_payload";
  let p: { text?: unknown; blocks?: unknown };
  try {
    p = JSON.parse(raw);
  } catch {
    return "invalid_payload";
  }
  if (typeof p.text !== "string" || p.text.length === 0 || p.text.length > 40_000) return "no_text";
  if (p.blocks === undefined) return null;
  if (!Array.isArray(p.blocks) || p.blocks.length > 50) return "invalid_blocks";
  for (const b of p.blocks as Record<string, unknown>[]) {
    if (!b || typeof b !== "object" || !SLACK_BLOCK_TYPES.has(String(b.type))) return "invalid_blocks";
    if (b.type === "section") {
      const t = b.text as { type?: unknown; text?: unknown } | undefined;
      if (!t || (t.type !== "mrkdwn" && t.type !== "plain_text") || typeof t.text !== "string" || t.text.length === 0 || t.text.length > 3000) return "invalid_blocks";
    }
    if (b.type === "context") {
      const els = b.elements as { type?: unknown; text?: unknown }[] | undefined;
      if (!Array.isArray(els) || els.length === 0 || els.length > 10) return "invalid_blocks";
      if (els.some((e) => (e.type !== "mrkdwn" && e.type !== "plain_text") || typeof e.text !== "string" || e.text.length === 0)) return "invalid_blocks";
    }
  }
  return null;
}

/** A Slack incoming-webhook stand-in: 200 "ok" for what Slack accepts, 400 with Slack's error word otherwise. */
export async function startSlackReceiver(): Promise<Receiver> {
  const received: ReceivedWebhook[] = [];
  const routes = new Map<string, { secret?: string; answers: Behaviour[]; served: number }>();
  const { server, url } = await listen(async (req, res) => {
    const raw = await readBody(req);
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const problem = req.method === "POST" ? slackProblem(raw, req.headers["content-type"]) : "invalid_method";
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(raw);
    } catch {
      // recorded as a problem above
    }
    received.push({ path, headers: req.headers, raw, body, verified: problem === null, problem });
    res.writeHead(problem ? 400 : 200, { "content-type": "text/html" });
    res.end(problem ?? "ok");
  });
  return makeReceiver(url, server, received, routes);
}
