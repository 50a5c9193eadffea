import { describe, expect, it } from "vitest";
import { displayPrefix, generateApiKey, hashApiKey } from "./key-format";

describe("API key format", () => {
  it("generates long, unique, url-safe keys with a recognisable prefix", () => {
    const keys = new Set(Array.from({ length: 200 }, generateApiKey));
    expect(keys.size).toBe(200);
    for (const key of keys) expect(key).toMatch(/^flux_[A-Za-z0-9]{40}$/);
  });

  it("hashes deterministically and shows only a short prefix", () => {
    const key = generateApiKey();
    expect(hashApiKey(key)).toBe(hashApiKey(key));
    expect(hashApiKey(key)).not.toContain(key);
    expect(displayPrefix(key)).toHaveLength(11);
    expect(key.startsWith(displayPrefix(key))).toBe(true);
  });
});
