import { expect } from "vitest";
import type { AskEvent, AskMessage } from "@/lib/ask/ask-events";

/** POSTs to /api/v1/ask of `base` and reads the whole NDJSON answer (or the JSON error of a refusal). */
export async function askApi(base: string, key: string, body: unknown): Promise<{ status: number; headers: Headers; events: AskEvent[]; error?: { code: string; message: string; details?: unknown } }> {
  const res = await fetch(`${base}/api/v1/ask`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) return { status: res.status, headers: res.headers, events: [], error: JSON.parse(text).error };
  expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
  const events = text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as AskEvent);
  return { status: res.status, headers: res.headers, events };
}

export const textOf = (events: AskEvent[]) => events.flatMap((e) => (e.type === "text" ? [e.text] : [])).join("");
export const ofType = <T extends AskEvent["type"]>(events: AskEvent[], type: T) => events.filter((e): e is Extract<AskEvent, { type: T }> => e.type === type);
export const done = (events: AskEvent[]) => {
  const last = events.at(-1);
  if (last?.type !== "done") throw new Error(`the answer did not end with done: ${JSON.stringify(events.at(-1))}`);
  return last;
};
export type { AskMessage };
