// A deterministic, plausible month of a small SaaS shop: traffic with daily and weekly
// seasonality and growth, a product launch spike and a few incidents. Pure: the same seed
// and end time always give the same items, shaped exactly like what the SDK sends.

export interface DemoEvent {
  name: string;
  timestamp: number;
  user_id: string;
  value?: number;
  properties: Record<string, string | number>;
}
export interface DemoMetric {
  type: "gauge" | "counter" | "distribution";
  name: string;
  value: number;
  timestamp: number;
  tags?: Record<string, string>;
}

export const DEMO_ENDPOINTS = ["/api/search", "/api/orders", "/api/users", "/api/login", "/api/cart"] as const;
const ENDPOINT_LATENCY_MS: Record<string, number> = { "/api/search": 180, "/api/orders": 120, "/api/users": 55, "/api/login": 90, "/api/cart": 70 };
const ENDPOINT_SHARE: Record<string, number> = { "/api/search": 0.34, "/api/orders": 0.16, "/api/users": 0.24, "/api/login": 0.08, "/api/cart": 0.18 };
const PLANS: [string, number][] = [["free", 0.62], ["pro", 0.28], ["team", 0.1]];
const SOURCES: [string, number][] = [["google", 0.42], ["direct", 0.27], ["newsletter", 0.12], ["twitter", 0.11], ["producthunt", 0.08]];
const COUNTRIES: [string, number][] = [["US", 0.38], ["DE", 0.14], ["GB", 0.12], ["FR", 0.09], ["IN", 0.1], ["BR", 0.07], ["JP", 0.1]];
const PRODUCTS: [string, number, number][] = [["Starter kit", 0.3, 29], ["Pro license", 0.25, 79], ["Team seats", 0.12, 249], ["Add-on pack", 0.2, 15], ["Support plan", 0.13, 120]];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
export const DEMO_STEP_MS = 10 * MINUTE;

/** mulberry32: tiny, fast and good enough for demo noise. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
}

function poisson(rand: () => number, lambda: number): number {
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(rand)));
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rand();
  while (p > limit) {
    k += 1;
    p *= rand();
  }
  return k;
}

function pick<T extends [string, number, ...unknown[]]>(rand: () => number, options: T[]): T {
  let r = rand();
  for (const o of options) {
    r -= o[1];
    if (r <= 0) return o;
  }
  return options[options.length - 1];
}

export interface DemoTimeline {
  start: number;
  end: number;
  launch: number;
  incidents: { start: number; end: number; latencyFactor: number; errorRate: number }[];
}

export function demoTimeline(end: number, days: number): DemoTimeline {
  const alignedEnd = Math.floor(end / DEMO_STEP_MS) * DEMO_STEP_MS;
  const startOfToday = Math.floor(alignedEnd / DAY) * DAY;
  const at = (daysAgo: number, hour: number) => startOfToday - daysAgo * DAY + hour * HOUR;
  return {
    start: alignedEnd - days * DAY,
    end: alignedEnd,
    launch: at(Math.min(9, days - 1), 15),
    incidents: [
      { start: at(Math.min(19, days - 1), 3), end: at(Math.min(19, days - 1), 5), latencyFactor: 4.5, errorRate: 0.09 },
      { start: at(Math.min(12, days - 1), 14.5), end: at(Math.min(12, days - 1), 15.25), latencyFactor: 6, errorRate: 0.2 },
      { start: at(Math.min(3, days - 1), 20), end: at(Math.min(3, days - 1), 21), latencyFactor: 3, errorRate: 0.05 },
    ],
  };
}

/** Relative traffic at time t: ~1.0 on a weekday afternoon at the start of the month. */
export function trafficAt(t: number, timeline: DemoTimeline): number {
  const d = new Date(t);
  const hour = d.getUTCHours() + d.getUTCMinutes() / 60;
  const daily = 0.28 + 0.72 * Math.pow(Math.max(0, Math.sin(((hour - 6) / 24) * 2 * Math.PI * 0.5 + 0.05)), 1.6) * (hour >= 6 && hour <= 23.9 ? 1 : 0.15) + (hour < 6 ? 0.05 : 0);
  const dow = d.getUTCDay();
  const weekly = dow === 0 ? 0.62 : dow === 6 ? 0.7 : dow === 1 ? 1.05 : 1;
  const growth = 1 + 0.35 * ((t - timeline.start) / (timeline.end - timeline.start || 1));
  const sinceLaunch = t - timeline.launch;
  const launch = sinceLaunch >= 0 ? 1 + 2.2 * Math.exp(-sinceLaunch / (18 * HOUR)) : 1;
  return daily * weekly * growth * launch;
}

export function incidentAt(t: number, timeline: DemoTimeline) {
  return timeline.incidents.find((i) => t >= i.start && t < i.end) ?? null;
}

/**
 * Generates the history: ~60 signups and ~130 orders a day at the start (more later),
 * response times (a distribution per endpoint), active users (a gauge) and API calls per
 * endpoint (a counter), every 10 minutes.
 */
export function generateDemoHistory(options: { end: number; days?: number; seed?: number }): { events: DemoEvent[]; metrics: DemoMetric[]; timeline: DemoTimeline } {
  const timeline = demoTimeline(options.end, options.days ?? 30);
  const rand = prng(options.seed ?? 20261125);
  const events: DemoEvent[] = [];
  const metrics: DemoMetric[] = [];
  let users = 0;
  const stepsPerDay = DAY / DEMO_STEP_MS;
  for (let t = timeline.start; t < timeline.end; t += DEMO_STEP_MS) {
    const traffic = trafficAt(t, timeline);
    const incident = incidentAt(t, timeline);
    const launchBoost = t >= timeline.launch && t < timeline.launch + 2 * DAY;
    const jitter = () => t + Math.floor(rand() * DEMO_STEP_MS);

    const signups = poisson(rand, (80 / stepsPerDay) * traffic * (launchBoost ? 1.6 : 1));
    for (let i = 0; i < signups; i += 1) {
      users += 1;
      const source = launchBoost && rand() < 0.5 ? "producthunt" : pick(rand, SOURCES)[0];
      events.push({ name: "user.signed_up", timestamp: jitter(), user_id: `u_${users}`, properties: { plan: pick(rand, PLANS)[0], source, country: pick(rand, COUNTRIES)[0] } });
    }
    const orders = poisson(rand, (170 / stepsPerDay) * traffic * (incident ? 1 - incident.errorRate * 4 : 1));
    for (let i = 0; i < orders; i += 1) {
      const [product, , price] = pick(rand, PRODUCTS);
      const quantity = rand() < 0.85 ? 1 : 2 + Math.floor(rand() * 3);
      const value = Math.round(price * quantity * (0.9 + rand() * 0.2) * 100) / 100;
      events.push({
        name: "order.completed",
        timestamp: jitter(),
        user_id: `u_${1 + Math.floor(rand() * Math.max(users, 1))}`,
        value,
        properties: { product, plan: pick(rand, PLANS)[0], country: pick(rand, COUNTRIES)[0], quantity },
      });
    }

    metrics.push({ type: "gauge", name: "active_users", value: Math.round(420 * traffic * (0.95 + rand() * 0.1)), timestamp: t });
    let errors = 0;
    for (const endpoint of DEMO_ENDPOINTS) {
      const calls = poisson(rand, 2600 * traffic * ENDPOINT_SHARE[endpoint]);
      metrics.push({ type: "counter", name: "api.calls", value: calls, timestamp: t, tags: { endpoint } });
      errors += Math.round(calls * (incident ? incident.errorRate : 0.002) * (0.5 + rand()));
      // Two observed request durations per endpoint per step: a log-normal body, a slow tail.
      for (let i = 0; i < 2; i += 1) {
        const base = ENDPOINT_LATENCY_MS[endpoint] * (1 + 0.25 * (traffic - 1)) * (incident ? incident.latencyFactor : 1);
        const tail = rand() < 0.04 ? 3 + rand() * 4 : 1;
        const ms = base * Math.exp(0.35 * gaussian(rand)) * tail;
        metrics.push({ type: "distribution", name: "http.request.duration", value: Math.round(ms * 10) / 10, timestamp: jitter(), tags: { endpoint } });
      }
    }
    metrics.push({ type: "counter", name: "api.errors", value: errors, timestamp: t });
  }
  return { events, metrics, timeline };
}
