import { describe, expect, it, vi } from "vitest";
import { toolError } from "@/lib/assistant/tool";
import { FluxError, notFound } from "@/lib/errors";
import { toolFailure } from "./flux-mcp-server";

const text = (r: ReturnType<typeof toolFailure>) => (r.content[0].type === "text" ? r.content[0].text : "");

describe("toolFailure: what a model reads when a tool fails", () => {
  it("passes a tool error's message on, naming its field (in the text and in _meta)", () => {
    const r = toolFailure("query_metric", toolError("Expected a string", "name"));
    expect(r).toMatchObject({ isError: true, _meta: { field: "name" } });
    expect(text(r)).toBe("name: Expected a string");
    expect(text(toolFailure("query_metric", toolError("range: not a preset", "range")))).toBe("range: not a preset");
  });

  it("passes a Flux 4xx's message on", () => {
    expect(text(toolFailure("get_dashboard", notFound("Dashboard not found")))).toBe("Dashboard not found");
  });

  it("says to retry when the database is out of reach or the query ran too long", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(text(toolFailure("query_metric", Object.assign(new Error("connect ECONNREFUSED 10.0.0.5:5432"), { code: "ECONNREFUSED" })))).toContain("unavailable");
    expect(text(toolFailure("query_metric", new FluxError({ code: "unavailable", message: "x" })))).toContain("retry");
    expect(text(toolFailure("query_metric", Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" })))).toContain("narrow the range");
    log.mockRestore();
  });

  it("keeps internals (messages, SQL, stacks) out of the answer and in the log", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const secret = new Error('relation "points_2026_01" does not exist at /srv/flux/lib/query/sql.ts:42');
    const r = toolFailure("query_events", secret);
    expect(r.isError).toBe(true);
    expect(text(r)).toContain("query_events failed because of an error inside Flux");
    expect(text(r)).not.toMatch(/relation|points_2026|\/srv\//);
    expect(log).toHaveBeenCalledWith("[flux] mcp tool query_events failed:", secret);
    log.mockRestore();
  });
});
