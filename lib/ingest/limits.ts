// The documented ingest limits (README "Sending data"). One place, so docs, validation,
// routes and the SDK agree.
export const INGEST_LIMITS = {
  /** Request body after gzip decompression. Larger: 413. */
  maxBodyBytes: 5 * 1024 * 1024,
  /** Events plus metric points in one request. More: 413. */
  maxItemsPerBatch: 10_000,
  /** Metric and event names: 1–200 characters of letters, marks, digits and `. _ - : /`. */
  maxNameLength: 200,
  maxTagsPerItem: 50,
  maxTagKeyLength: 100,
  maxTagValueLength: 500,
  /** Serialized JSON size of one event's `properties`, in UTF-8 bytes. */
  maxPropertiesBytes: 32 * 1024,
  /** Nesting depth of `properties`: `{ "a": { "b": 1 } }` has depth 2. */
  maxPropertiesDepth: 8,
  /** user_id, session_id, event id, set member, environment, service. */
  maxIdLength: 256,
  /** Timestamps further in the future than this are rejected (clock skew). */
  maxFutureMs: 60 * 60 * 1000,
  /** Timestamps older than this are rejected (raw data is partitioned by day). */
  maxAgeMs: 400 * 24 * 60 * 60 * 1000,
  /** Numeric values must be finite and within ±(2^53 − 1). */
  maxAbsValue: Number.MAX_SAFE_INTEGER,
  maxIdempotencyKeyLength: 200,
} as const;

/** Unicode letters and marks, digits, and `. _ - : /`; no spaces or control characters. */
export const NAME_PATTERN = /^[\p{L}\p{M}\p{N}._\-:/]+$/u;
