import type { ZodError } from "zod";
import { EventInput, MetricInput, isStorableText, timestampMs, type MetricType } from "./item-schemas";
import { INGEST_LIMITS as L, NAME_PATTERN } from "./limits";

export interface Rejection {
  index: number;
  kind: "event" | "metric";
  /** Full path, e.g. `metrics[3].tags.host`. */
  field: string;
  message: string;
}

export interface ParsedPoint {
  index: number;
  type: MetricType;
  name: string;
  value: number;
  member: string | null;
  tags: Record<string, string>;
  /** Sorted-key JSON of the tags: the series identity within a metric. */
  tagKey: string;
  time: number;
}

export interface ParsedEvent {
  index: number;
  id: string | null;
  name: string;
  time: number;
  propertiesJson: string;
  tagsJson: string;
  userId: string | null;
  sessionId: string | null;
  value: number | null;
  environment: string | null;
  service: string | null;
}

/** Validates every item on its own: good ones come back normalised, bad ones as rejections. */
export function parseItems(options: { events: unknown[]; metrics: unknown[]; now: number }) {
  const { now } = options;
  const rejected: Rejection[] = [];
  const points: ParsedPoint[] = [];
  const events: ParsedEvent[] = [];

  options.metrics.forEach((raw, index) => {
    const fast = fastMetric(raw, index, now);
    if (fast) return points.push(fast);
    const r = MetricInput.safeParse(raw, PARSE_OPTIONS);
    if (!r.success) return rejected.push(fromZod("metric", index, r.error));
    const time = r.data.time ?? now;
    const skew = skewProblem(time, now);
    if (skew) return rejected.push({ index, kind: "metric", field: `metrics[${index}].timestamp`, message: skew });
    points.push({ index, ...r.data, time, tagKey: canonicalTags(r.data.tags) });
  });

  options.events.forEach((raw, index) => {
    const r = EventInput.safeParse(raw, PARSE_OPTIONS);
    if (!r.success) return rejected.push(fromZod("event", index, r.error));
    const e = r.data;
    const time = e.timestamp ?? now;
    const skew = skewProblem(time, now);
    if (skew) return rejected.push({ index, kind: "event", field: `events[${index}].timestamp`, message: skew });
    const properties = checkProperties(e.properties);
    if (typeof properties !== "string") return rejected.push({ index, kind: "event", field: `events[${index}].properties`, message: properties.message });
    events.push({
      index,
      id: e.id,
      name: e.name,
      time,
      propertiesJson: properties,
      tagsJson: JSON.stringify(e.tags ?? {}),
      userId: e.user_id,
      sessionId: e.session_id,
      value: e.value,
      environment: e.environment,
      service: e.service,
    });
  });

  return { points, events, rejected };
}

/**
 * The common shape (number value, string tags) checked without zod, which costs several µs
 * per point. It only ever accepts what MetricInput accepts (a unit test holds it to that);
 * anything else goes through the schema, which also words the rejection.
 */
export function fastMetric(raw: unknown, index: number, now: number): ParsedPoint | null {
  if (typeof raw !== "object" || raw === null) return null;
  const m = raw as Record<string, unknown>;
  const { type, name, value, tags: rawTags, timestamp } = m;
  if (type !== "gauge" && type !== "counter" && type !== "distribution") return null;
  if (typeof name !== "string" || !isValidName(name)) return null;
  if (typeof value !== "number" || !(Math.abs(value) <= L.maxAbsValue)) return null;
  let time = now;
  if (timestamp !== undefined && timestamp !== null) {
    if (typeof timestamp !== "string" && typeof timestamp !== "number") return null;
    time = timestampMs(timestamp);
    if (!(time <= now + L.maxFutureMs && time >= now - L.maxAgeMs)) return null;
  }
  let tags: Record<string, string> = EMPTY_TAGS;
  if (rawTags !== undefined && rawTags !== null) {
    if (typeof rawTags !== "object" || Array.isArray(rawTags)) return null;
    const keys = Object.keys(rawTags);
    if (keys.length > L.maxTagsPerItem) return null;
    for (const k of keys) {
      const v = (rawTags as Record<string, unknown>)[k];
      if (typeof v !== "string" || k.length === 0 || k.length > L.maxTagKeyLength || v.length > L.maxTagValueLength) return null;
      if (!isStorableText(k) || !isStorableText(v)) return null;
    }
    tags = rawTags as Record<string, string>;
  }
  return { index, type, name, value, member: null, tags, tagKey: canonicalTags(tags), time };
}
const EMPTY_TAGS: Record<string, string> = Object.freeze(Object.create(null));

// Names repeat across points, so the unicode pattern runs once per distinct name.
const validNames = new Set<string>();
function isValidName(name: string): boolean {
  if (validNames.has(name)) return true;
  if (name.length === 0 || name.length > L.maxNameLength || !NAME_PATTERN.test(name)) return false;
  if (validNames.size >= 10_000) validNames.clear();
  validNames.add(name);
  return true;
}

// With the input on each issue, fromZod can tell a missing field from one of the wrong type.
const PARSE_OPTIONS = { reportInput: true };

function fromZod(kind: "event" | "metric", index: number, error: ZodError): Rejection {
  const issue = error.issues[0];
  const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
  const message = issue.code === "invalid_type" && issue.input === undefined ? `${String(issue.path.at(-1) ?? "item")} is required` : issue.message;
  return { index, kind, field: `${kind}s[${index}]${path}`, message: issue.path.length === 0 && issue.code === "invalid_type" ? "each item must be a JSON object" : message };
}

function skewProblem(time: number, now: number): string | null {
  if (time > now + L.maxFutureMs) return `timestamp is more than ${L.maxFutureMs / 60_000} minutes in the future; check the sender's clock`;
  if (time < now - L.maxAgeMs) return `timestamp is older than ${L.maxAgeMs / 86_400_000} days`;
  return null;
}

/** Serialises properties once (the insert needs the JSON anyway) and checks size and depth. */
function checkProperties(properties: Record<string, unknown>): string | { message: string } {
  if (depthExceeds(properties, L.maxPropertiesDepth)) return { message: `properties are nested deeper than ${L.maxPropertiesDepth} levels` };
  const json = JSON.stringify(properties);
  if (json.length > L.maxPropertiesBytes / 3 && Buffer.byteLength(json) > L.maxPropertiesBytes) {
    return { message: `properties exceed ${L.maxPropertiesBytes} bytes of JSON` };
  }
  // JSON.stringify escapes exactly the NULs and lone surrogates that jsonb refuses.
  if (UNSTORABLE_ESCAPE.test(json)) return { message: "properties contain a NUL character or invalid Unicode" };
  return json;
}
const UNSTORABLE_ESCAPE = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f])/i;

function depthExceeds(value: unknown, remaining: number): boolean {
  if (value === null || typeof value !== "object") return false;
  if (remaining === 0) return true;
  for (const v of Array.isArray(value) ? value : Object.values(value)) if (depthExceeds(v, remaining - 1)) return true;
  return false;
}

export function canonicalTags(tags: Record<string, string>): string {
  const keys = Object.keys(tags);
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) sorted = keys[i - 1] < keys[i];
  // Senders usually repeat one key order; only an unsorted object needs rebuilding.
  if (sorted) return JSON.stringify(tags);
  keys.sort();
  const out: Record<string, string> = Object.create(null);
  for (const k of keys) out[k] = tags[k];
  return JSON.stringify(out);
}
