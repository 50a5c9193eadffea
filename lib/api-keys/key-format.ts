import { createHash, randomBytes } from "node:crypto";

const KEY_PREFIX = "flux_";

/** A new secret key: `flux_` and 40 random base62-ish characters (~238 bits). */
export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(30).toString("base64url").replace(/[-_]/g, "x");
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** What lists show of a key: enough to recognise it, too little to use it. */
export function displayPrefix(key: string): string {
  return key.slice(0, KEY_PREFIX.length + 6);
}
