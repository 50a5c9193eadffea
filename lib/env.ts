import { z } from "zod";

// The one module that reads process.env: everything else asks for `env()`.
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().min(1).optional(),
  PORT: z.coerce.number().int().positive().default(3000),
  AUTH_SECRET: z.string().min(16).optional(),
  AUTH_GITHUB_ID: z.string().optional(),
  AUTH_GITHUB_SECRET: z.string().optional(),
  // GitHub Enterprise Server (https://github.example.com): sign-in and the verified-email check go there.
  AUTH_GITHUB_ENTERPRISE_URL: z.url().optional(),
  AUTH_GOOGLE_ID: z.string().optional(),
  AUTH_GOOGLE_SECRET: z.string().optional(),
  FLUX_DATA_DIR: z.string().default(".flux"),
  FLUX_INIT_EMAIL: z.string().email().optional(),
  FLUX_INIT_PASSWORD: z.string().min(8).optional(),
  FLUX_INIT_API_KEY: z.string().min(32).optional(),
  FLUX_DEMO_DATA: z.enum(["on", "off"]).default("on"),
  // PostgreSQL connections per app instance, per workload (lib/db/client.ts): 12 in all by
  // default, so 6 instances (72) stay well under PostgreSQL's default max_connections of 100.
  FLUX_DB_APP_POOL_SIZE: z.coerce.number().int().positive().default(4),
  FLUX_DB_INGEST_POOL_SIZE: z.coerce.number().int().positive().default(4),
  FLUX_DB_QUERY_POOL_SIZE: z.coerce.number().int().positive().default(4),
  // Query statements one project may run at once (default: the query pool less one, so
  // another project always finds a connection) and may have waiting before answers are 503.
  FLUX_QUERY_PROJECT_CONCURRENCY: z.coerce.number().int().positive().optional(),
  FLUX_QUERY_QUEUE_LIMIT: z.coerce.number().int().positive().default(100),
  FLUX_QUERY_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  FLUX_QUERY_MAX_ROWS: z.coerce.number().int().positive().default(100_000),
  // The in-process scheduler (lib/scheduler): on in every instance unless off (then an outside
  // cron calls /api/cron/due with CRON_SECRET); how often it looks for due jobs.
  FLUX_SCHEDULER: z.enum(["on", "off"]).default("on"),
  FLUX_SCHEDULER_TICK_SECONDS: z.coerce.number().int().min(1).max(3_600).default(5),
  // The period of the storage jobs rollups, compression and retention (0: not on the timer, e.g.
  // when another process runs them). A bucket is rolled up once it ended
  // FLUX_ROLLUP_LAG_SECONDS ago, so rows that arrive a little late rarely redo a bucket.
  FLUX_STORAGE_UPKEEP_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  FLUX_ROLLUP_LAG_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  // How many reverse proxies in front of Flux append to X-Forwarded-For (0: clients connect
  // directly, the header is ignored). Rate limits per client address depend on it.
  FLUX_TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  // Guards /api/cron/* (Authorization: Bearer <CRON_SECRET>); unset, those routes answer 503.
  CRON_SECRET: z.string().min(16).optional(),
  FLUX_MASTER_KEY: z.string().min(32).optional(),
  // Flux's public address (https://flux.example.com): Auth.js redirects and the links in alert messages.
  AUTH_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://flux.example.com" }).optional(),
  // Alert emails: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465, and the From address.
  SMTP_URL: z.url({ protocol: /^smtps?$/, message: "must be smtp://user:pass@host:port or smtps://…" }).optional(),
  SMTP_FROM: z.string().min(3).max(320).optional(),
  // Live updates through Pusher Channels (hosted: the cluster; self-hosted Pusher-protocol
  // servers: host, port and TLS). Unset: the built-in transport (SSE + LISTEN/NOTIFY).
  PUSHER_APP_ID: z.string().min(1).optional(),
  PUSHER_KEY: z.string().min(1).optional(),
  PUSHER_SECRET: z.string().min(1).optional(),
  PUSHER_CLUSTER: z.string().regex(/^[a-z0-9-]+$/, "a cluster name such as eu or us2").optional(),
  PUSHER_HOST: z.string().regex(/^[A-Za-z0-9.-]+$/, "a host name, without scheme or port").optional(),
  PUSHER_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  PUSHER_USE_TLS: z.enum(["true", "false"]).default("true"),
  // Live updates: at most one message per project this often, per instance; the SSE heartbeat;
  // open live connections one instance accepts before answering 503.
  FLUX_LIVE_THROTTLE_MS: z.coerce.number().int().min(50).max(60_000).default(250),
  FLUX_LIVE_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(15),
  FLUX_LIVE_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100_000).default(1_000),
  // How often an open live stream checks that its key, session and membership still hold.
  FLUX_LIVE_ACCESS_RECHECK_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
  // The Ask box (lib/ask): off without ANTHROPIC_API_KEY; ANTHROPIC_BASE_URL points the SDK at
  // another Messages API endpoint (a proxy, a gateway). Limits are per question and per project.
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_BASE_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://api.anthropic.com" }).optional(),
  FLUX_ASK_MODEL: z.string().min(1).max(200).default("claude-sonnet-4-5"),
  FLUX_ASK_MAX_TOKENS: z.coerce.number().int().min(64).max(64_000).default(2048),
  FLUX_ASK_MAX_TOOL_CALLS: z.coerce.number().int().min(0).max(100).default(8),
  FLUX_ASK_RATE_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(60),
}).superRefine((e, ctx) => {
  const pusher = [e.PUSHER_APP_ID, e.PUSHER_KEY, e.PUSHER_SECRET];
  if (pusher.some(Boolean) && (!pusher.every(Boolean) || !(e.PUSHER_CLUSTER || e.PUSHER_HOST))) {
    ctx.addIssue({ code: "custom", path: ["PUSHER_APP_ID"], message: "Pusher needs PUSHER_APP_ID, PUSHER_KEY, PUSHER_SECRET and PUSHER_CLUSTER or PUSHER_HOST together" });
  }
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = EnvSchema.safeParse(process.env);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
      throw new Error(`Invalid configuration:\n  ${fields.join("\n  ")}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** Forgets the parsed configuration: a script that sets up several databases in one process reads process.env afresh. */
export function reloadEnv(): void {
  cached = undefined;
}

export function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start Flux with `npm start`, which provides one.");
  return url;
}

export function oauthProviders(): { github: boolean; google: boolean } {
  const e = env();
  return {
    github: Boolean(e.AUTH_GITHUB_ID && e.AUTH_GITHUB_SECRET),
    google: Boolean(e.AUTH_GOOGLE_ID && e.AUTH_GOOGLE_SECRET),
  };
}
