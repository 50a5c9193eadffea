import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { FluxError } from "@/lib/errors";
import { readJsonBody } from "./body";

const req = (body: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }) =>
  new Request("http://flux.test/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);

async function error(p: Promise<unknown>): Promise<FluxError> {
  try {
    await p;
  } catch (e) {
    return e as FluxError;
  }
  throw new Error("expected a rejection");
}

describe("readJsonBody", () => {
  it("parses JSON and gzip'ed JSON", async () => {
    expect(await readJsonBody(req('{"a":1}'))).toEqual({ a: 1 });
    const gz = gzipSync(Buffer.from('{"b":[1,2]}'));
    expect(await readJsonBody(req(gz, { "content-type": "application/json", "content-encoding": "gzip" }))).toEqual({ b: [1, 2] });
  });

  it("answers 400 for malformed JSON, empty bodies and broken gzip", async () => {
    expect((await error(readJsonBody(req("{nope")))).status).toBe(400);
    expect((await error(readJsonBody(req("")))).status).toBe(400);
    expect((await error(readJsonBody(req("not gzip", { "content-encoding": "gzip" })))).status).toBe(400);
  });

  it("answers 413 for bodies over the cap, before or after decompression", async () => {
    expect((await error(readJsonBody(req("x".repeat(2000)), { maxBytes: 1000 }))).status).toBe(413);
    const bomb = gzipSync(Buffer.alloc(5_000_000, 32));
    expect(bomb.length).toBeLessThan(100_000);
    expect((await error(readJsonBody(req(bomb, { "content-encoding": "gzip" }), { maxBytes: 100_000 }))).status).toBe(413);
  });

  it("answers 415 for other content types and encodings", async () => {
    expect((await error(readJsonBody(req("a=1", { "content-type": "application/x-www-form-urlencoded" })))).status).toBe(415);
    expect((await error(readJsonBody(req("{}", { "content-encoding": "br" })))).status).toBe(415);
  });
});
