import { describe, expect, it } from "vitest";
import type { AskEvent } from "@/lib/ask/ask-events";
import { readAskEvents } from "./ask-stream-reader";
import { compactJson, safeFluxLink } from "./ask-tool-call";

describe("safeFluxLink", () => {
  const origin = "https://flux.example.com";
  it("keeps links to this Flux's project pages, made relative", () => {
    expect(safeFluxLink("https://flux.example.com/projects/p1/explore?q=abc", origin)).toBe("/projects/p1/explore?q=abc");
    expect(safeFluxLink("/projects/p1/dashboards/d1", origin)).toBe("/projects/p1/dashboards/d1");
  });
  it("drops other origins, other pages and script URLs", () => {
    expect(safeFluxLink("https://evil.example/projects/p1", origin)).toBeNull();
    expect(safeFluxLink("javascript:alert(1)", origin)).toBeNull();
    expect(safeFluxLink("/api/v1/ask", origin)).toBeNull();
    expect(safeFluxLink("//evil.example/projects/p1", origin)).toBeNull();
    expect(safeFluxLink(undefined, origin)).toBeNull();
  });
});

describe("compactJson", () => {
  it("writes compact JSON and cuts long values", () => {
    expect(compactJson({ a: 1, b: ["x"] })).toBe('{"a":1,"b":["x"]}');
    expect(compactJson({ s: "x".repeat(1000) }, 50)).toHaveLength(50);
  });
});

describe("readAskEvents", () => {
  it("hands over each event once its line is complete, however the bytes are split", async () => {
    const lines = '{"type":"text","text":"Hé"}\n{"type":"text","text":"llo"}\n{"type":"done","usage":{"inputTokens":1,"outputTokens":2,"modelCalls":1,"toolCalls":0},"history":[]}\n';
    const bytes = new TextEncoder().encode(lines);
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 7) c.enqueue(bytes.slice(i, i + 7));
        c.close();
      },
    });
    const seen: AskEvent[] = [];
    await readAskEvents(body, (e) => seen.push(e));
    expect(seen.map((e) => e.type)).toEqual(["text", "text", "done"]);
    expect(seen[0]).toEqual({ type: "text", text: "Hé" });
  });
});
