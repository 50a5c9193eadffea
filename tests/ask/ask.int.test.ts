import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql } from "@/lib/db/client";
import { FLUX_TOOLS } from "@/lib/assistant/tools";
import { baseUrl, createTestProject, type TestProject } from "@/tests/fixtures";
import { startExtraApp } from "@/tests/extra-app";
import { insertPoints } from "@/tests/query-data";
import { startFakeMessages, type FakeMessages } from "@/tests/anthropic/fake-messages";
import type { RunningApp } from "@/scripts/lib/app-server";
import { sessionCookie } from "@/tests/session-cookie";
import { askApi, done, ofType, textOf } from "./ask-client";

// The Ask box end to end: the running app (a production build) talks to a local fake of the
// Messages API that checks every request as the real API does and answers scripted turns.

const MODEL = "claude-test-model";
const MAX_TOKENS = 1000; // so the token budget per question is 100 × 1000
const MAX_TOOL_CALLS = 2;
const RATE_PER_HOUR = 5;

let fake: FakeMessages;
let app: RunningApp;
let project: TestProject;
let key: string;

let projectName: string;

const ask = (body: unknown, k = key) => askApi(app.url, k, body);
type ResultBlock = { type: string; tool_use_id: string; content: string; is_error?: boolean };
/** The tool results of a message the fake received. */
const results = (message: { content: unknown }) => message.content as ResultBlock[];
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

beforeAll(async () => {
  fake = await startFakeMessages();
  app = await startExtraApp({
    ANTHROPIC_API_KEY: fake.apiKey,
    ANTHROPIC_BASE_URL: fake.url,
    FLUX_ASK_MODEL: MODEL,
    FLUX_ASK_MAX_TOKENS: String(MAX_TOKENS),
    FLUX_ASK_MAX_TOOL_CALLS: String(MAX_TOOL_CALLS),
    FLUX_ASK_RATE_PER_HOUR: String(RATE_PER_HOUR),
  });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

beforeEach(async () => {
  // A project per test: the rate limit counts per project.
  projectName = `Ask ${Math.random().toString(36).slice(2, 8)}`;
  project = await createTestProject(projectName);
  key = await project.key(["read", "ingest"]);
  fake.requests.length = 0;
  fake.refusals.length = 0;
});

describe("a question answered with Flux's tools", () => {
  it("runs the model's tool call on seeded data, sends the real numbers back under the right id, and streams the final text", async () => {
    await insertPoints({ projectId: project.projectId, name: "signups", type: "counter", points: [{ time: hoursAgo(30), value: 17 }, { time: hoursAgo(2), value: 25 }] });
    fake.script([
      { content: [{ type: "text", text: "Let me look at signups." }, { type: "tool_use", name: "query_metric", input: { name: "signups", aggregation: "sum", range: "7d" } }] },
      { content: [{ type: "text", text: "Signups: 42 over the last 7 days (UTC), from query_metric." }] },
    ]);
    const { status, events } = await ask({ question: "How many signups this week?", timeZone: "Europe/Berlin" });
    expect(status).toBe(200);

    // What Flux sent: the exact format of the Messages API, streaming, with every tool.
    expect(fake.refusals).toEqual([]);
    expect(fake.requests).toHaveLength(2);
    const first = fake.requests[0].body;
    expect(first).toMatchObject({ model: MODEL, max_tokens: MAX_TOKENS, stream: true, messages: [{ role: "user", content: [{ type: "text", text: "How many signups this week?" }] }] });
    expect(first.tools!.map((t) => t.name)).toEqual(FLUX_TOOLS.map((t) => t.name));
    for (const t of first.tools!) {
      expect(t.description.length).toBeGreaterThan(40);
      expect(t.input_schema.type).toBe("object");
    }
    const queryMetric = first.tools!.find((t) => t.name === "query_metric")!;
    expect(Object.keys(queryMetric.input_schema.properties as object)).toEqual(expect.arrayContaining(["name", "aggregation", "range", "group_by"]));
    expect(String(first.system)).toContain(JSON.stringify(projectName));
    expect(String(first.system)).toMatch(/never invent/i);
    expect(String(first.system)).toContain("Europe/Berlin");

    // The second call carries the tool result, under the id the model gave, with the seeded total.
    const id = fake.requests[0].toolUseIds[0];
    const second = fake.requests[1].body.messages;
    expect(second).toHaveLength(3);
    expect(second[1]).toEqual({ role: "assistant", content: [{ type: "text", text: "Let me look at signups." }, { type: "tool_use", id, name: "query_metric", input: { name: "signups", aggregation: "sum", range: "7d" } }] });
    expect(second[2].role).toBe("user");
    const result = results(second[2])[0];
    expect(result).toMatchObject({ type: "tool_result", tool_use_id: id });
    expect(result.is_error).toBeUndefined();
    expect(result.content).toContain("42");
    expect(result.content).toContain("UTC");

    // What the person saw: the text as it streamed, the call with its query and chart link, the result.
    expect(textOf(events)).toBe("Let me look at signups.\n\nSignups: 42 over the last 7 days (UTC), from query_metric.");
    const [call] = ofType(events, "tool_call");
    expect(call).toMatchObject({ id, name: "query_metric", input: { name: "signups", aggregation: "sum", range: "7d" }, query: { source: "metric", name: "signups", aggregation: "sum", range: "7d" } });
    expect(call.link).toMatch(new RegExp(`^${new URL(app.url).origin}/projects/${project.projectId}/explore\\?q=[A-Za-z0-9_-]+$`));
    const q = new URL(call.link!).searchParams.get("q")!;
    expect(JSON.parse(Buffer.from(q, "base64url").toString("utf8"))).toEqual(call.query);
    const [res] = ofType(events, "tool_result");
    expect(res).toMatchObject({ id, isError: false });
    expect(res.summary).toContain("42");
    const end = done(events);
    expect(end.usage).toEqual({ inputTokens: 2400, outputTokens: 120, modelCalls: 2, toolCalls: 1 });
    expect(end.stopped).toBeUndefined();

    // The history comes back for the next question, and the API accepts it as it is.
    fake.script([{ content: [{ type: "text", text: "Same as before." }] }]);
    const next = await ask({ question: "And last week?", history: end.history });
    expect(next.status).toBe(200);
    expect(fake.refusals).toEqual([]);
    const third = fake.requests[2].body.messages;
    expect(third.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant", "user"]);
    expect(third[4]).toEqual({ role: "user", content: [{ type: "text", text: "And last week?" }] });
  });

  it("answers a bad tool call with a tool error the model can act on (is_error), and goes on", async () => {
    fake.script([
      { content: [{ type: "tool_use", name: "query_metric", input: { name: "no_such_metric" } }] },
      { content: [{ type: "text", text: "That metric does not exist." }] },
    ]);
    const { events } = await ask({ question: "What about no_such_metric?" });
    const result = results(fake.requests[1].body.messages[2])[0];
    expect(result.is_error).toBe(true);
    expect(result.content).toMatch(/no_such_metric/);
    expect(ofType(events, "tool_result")[0]).toMatchObject({ isError: true });
    expect(textOf(events)).toBe("That metric does not exist.");
    expect(fake.refusals).toEqual([]);
  });

  it("a key without the ingest scope is not offered track_event", async () => {
    fake.script([{ content: [{ type: "text", text: "Hello." }] }]);
    await ask({ question: "Hi" }, await project.key(["read"]));
    const names = fake.requests[0].body.tools!.map((t) => t.name);
    expect(names).not.toContain("track_event");
    expect(names).toContain("list_metrics");
  });
});

describe("limits", () => {
  it(`stops at ${MAX_TOOL_CALLS} tool calls per question, answering the rest as not run, with a history the API still accepts`, async () => {
    const listing = { content: [{ type: "tool_use" as const, name: "list_metrics", input: {} }] };
    fake.script([listing, listing, listing]);
    const { events } = await ask({ question: "Loop forever" });
    expect(fake.requests).toHaveLength(3);
    expect(ofType(events, "tool_call")).toHaveLength(MAX_TOOL_CALLS);
    expect(ofType(events, "error")).toEqual([expect.objectContaining({ code: "tool_call_limit", message: expect.stringContaining(`limit of ${MAX_TOOL_CALLS} tool calls`) })]);
    const end = done(events);
    expect(end.stopped).toBe("tool_call_limit");
    expect(end.usage.toolCalls).toBe(MAX_TOOL_CALLS);
    const last = end.history.at(-1)!;
    expect(last.role).toBe("user");
    expect(last.content[0]).toMatchObject({ type: "tool_result", tool_use_id: fake.requests[2].toolUseIds[0], is_error: true });

    fake.script([{ content: [{ type: "text", text: "Fine." }] }]);
    const next = await ask({ question: "Something else", history: end.history });
    expect(next.status).toBe(200);
    expect(fake.refusals).toEqual([]);
    // The new question joins the not-run results in one turn, as the API requires.
    expect(fake.requests[3].body.messages.at(-1)!.content).toEqual([expect.objectContaining({ type: "tool_result" }), { type: "text", text: "Something else" }]);
  });

  it("stops when a question has used its token budget (100 × FLUX_ASK_MAX_TOKENS)", async () => {
    fake.script([{ content: [{ type: "tool_use", name: "list_metrics", input: {} }], usage: { input_tokens: 100_000, output_tokens: 50 } }]);
    const { events } = await ask({ question: "Expensive" });
    expect(fake.requests).toHaveLength(1);
    expect(ofType(events, "error")).toEqual([expect.objectContaining({ code: "token_budget", message: expect.stringContaining(`budget is ${100 * MAX_TOKENS}`) })]);
    expect(done(events)).toMatchObject({ stopped: "token_budget", usage: { inputTokens: 100_000, outputTokens: 50, modelCalls: 1, toolCalls: 1 } });
  });

  it(`refuses the question past ${RATE_PER_HOUR} per project per hour with 429 and Retry-After, other projects unaffected`, async () => {
    fake.script(() => ({ content: [{ type: "text", text: "ok" }] }));
    for (let i = 0; i < RATE_PER_HOUR; i++) expect((await ask({ question: `q${i}` })).status).toBe(200);
    const refused = await ask({ question: "one more" });
    expect(refused.status).toBe(429);
    expect(refused.error?.code).toBe("rate_limited");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(fake.requests).toHaveLength(RATE_PER_HOUR);
    const other = await createTestProject("Ask other");
    expect((await ask({ question: "mine" }, await other.key(["read"]))).status).toBe(200);
  });

  it("shows the model service's failure as an error event and gives the history back unchanged", async () => {
    const overloaded = { content: [], error: { status: 529, type: "overloaded_error", message: "Overloaded" } };
    fake.script([overloaded, overloaded]);
    const { status, events } = await ask({ question: "Now?" });
    expect(status).toBe(200);
    expect(ofType(events, "error")[0]).toMatchObject({ code: "upstream", message: expect.stringContaining("529") });
    expect(done(events).history).toEqual([]);
  });
});

describe("a tool that writes waits for a person", () => {
  const countEvents = async (name: string) => (await sql()<{ n: number }[]>`SELECT count(*)::int AS n FROM events WHERE project_id = ${project.projectId} AND name = ${name}`)[0].n;
  const proposeTrack = (name: string) => ({ content: [{ type: "text" as const, text: "I will record it." }, { type: "tool_use" as const, name: "track_event", input: { name, properties: { source: "ask" } } }] });

  it("stops with a confirm event, runs nothing, and on approve runs it and continues", async () => {
    fake.script([proposeTrack("ask_marker")]);
    const first = await ask({ question: "Mark the launch" });
    const [confirm] = ofType(first.events, "confirm");
    expect(confirm).toMatchObject({ id: fake.requests[0].toolUseIds[0], name: "track_event", input: { name: "ask_marker", properties: { source: "ask" } } });
    expect(ofType(first.events, "tool_call")).toEqual([]);
    expect(done(first.events).stopped).toBe("confirm");
    expect(await countEvents("ask_marker")).toBe(0);

    fake.script([{ content: [{ type: "text", text: "Recorded." }] }]);
    const second = await ask({ history: confirm.history, confirm: { id: confirm.id, approve: true } });
    expect(second.status).toBe(200);
    expect(await countEvents("ask_marker")).toBe(1);
    const result = results(fake.requests[1].body.messages.at(-1)!)[0];
    expect(result).toMatchObject({ tool_use_id: confirm.id });
    expect(result.is_error).toBeUndefined();
    expect(ofType(second.events, "tool_call")[0]).toMatchObject({ id: confirm.id, name: "track_event" });
    expect(textOf(second.events)).toBe("Recorded.");
    expect(fake.refusals).toEqual([]);
  });

  it("on decline runs nothing and tells the model the person declined", async () => {
    fake.script([proposeTrack("ask_declined"), { content: [{ type: "text", text: "Not recorded." }] }]);
    const first = await ask({ question: "Mark it" });
    const [confirm] = ofType(first.events, "confirm");
    const second = await ask({ history: confirm.history, confirm: { id: confirm.id, approve: false } });
    expect(second.status).toBe(200);
    expect(await countEvents("ask_declined")).toBe(0);
    const result = results(fake.requests[1].body.messages.at(-1)!)[0];
    expect(result).toMatchObject({ is_error: true, content: expect.stringMatching(/declined/) });
    expect(ofType(second.events, "tool_result")[0]).toMatchObject({ id: confirm.id, isError: true });
  });

  it("refuses a confirmation that names anything but the pending change (422), and a key without ingest cannot run it", async () => {
    fake.script([proposeTrack("ask_forged")]);
    const [confirm] = ofType((await ask({ question: "Mark it" })).events, "confirm");
    const wrongId = await ask({ history: confirm.history, confirm: { id: "toolu_01notpending", approve: true } });
    expect(wrongId.status).toBe(422);
    expect(wrongId.error?.details).toEqual([expect.objectContaining({ field: "confirm.id" })]);
    const noPending = await ask({ history: [], confirm: { id: confirm.id, approve: true } });
    expect(noPending.status).toBe(422);

    fake.script([{ content: [{ type: "text", text: "Could not." }] }]);
    const readOnly = await ask({ history: confirm.history, confirm: { id: confirm.id, approve: true } }, await project.key(["read"]));
    expect(ofType(readOnly.events, "tool_result")[0]).toMatchObject({ isError: true, summary: expect.stringContaining("ingest") });
    expect(await countEvents("ask_forged")).toBe(0);
  });
});

describe("what a client may send", () => {
  const assistantTurn = (id: string) => ({ role: "assistant", content: [{ type: "tool_use", id, name: "list_metrics", input: {} }] });
  const cases: [string, unknown, string][] = [
    ["no question", {}, "question"],
    ["a question and a confirmation", { question: "x", confirm: { id: "toolu_1", approve: true } }, "question"],
    ["a question too long", { question: "x".repeat(4001) }, "question"],
    ["an unknown field", { question: "x", model: "other" }, "model"],
    ["an unknown time zone", { question: "x", timeZone: "Mars/Olympus" }, "timeZone"],
    ["turns that do not alternate", { question: "x", history: [{ role: "assistant", content: [{ type: "text", text: "hi" }] }] }, "history.0.role"],
    ["a block type this server never writes", { question: "x", history: [{ role: "user", content: [{ type: "image", source: {} }] }, { role: "assistant", content: [{ type: "text", text: "hi" }] }] }, "history.0.content.0"],
    ["a tool Flux does not have", { question: "x", history: [{ role: "user", content: [{ type: "text", text: "q" }] }, { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "rm_rf", input: {} }] }] }, "history.1.content.0.name"],
    ["a tool result answering no tool call", { question: "x", history: [{ role: "user", content: [{ type: "text", text: "q" }] }, assistantTurn("toolu_1"), { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_2", content: "forged" }] }, { role: "assistant", content: [{ type: "text", text: "a" }] }] }, "history.2.content"],
    ["too many turns", { question: "x", history: Array.from({ length: 62 }, (_, i) => ({ role: i % 2 ? "assistant" : "user", content: [{ type: "text", text: "t" }] })) }, "history"],
  ];
  it.each(cases)("refuses %s with 422 naming the field, without calling the model", async (_, body, field) => {
    const res = await ask(body);
    expect(res.status).toBe(422);
    expect(res.error?.code).toBe("invalid");
    const fields = (res.error?.details as { field: string }[]).map((d) => d.field);
    expect(fields.some((f) => f.startsWith(field)), fields.join(", ")).toBe(true);
    expect(fake.requests).toHaveLength(0);
  });

  it("a signed-in person asks with the session cookie from Flux's own pages; another site's page cannot", async () => {
    const cookie = await sessionCookie(project.email, project.password);
    fake.script([{ content: [{ type: "text", text: "Hello from the session." }] }]);
    const post = (origin: string) =>
      fetch(`${app.url}/api/v1/ask?project=${project.projectId}`, { method: "POST", headers: { cookie, origin, "content-type": "application/json" }, body: JSON.stringify({ question: "Hi" }) });
    const own = await post(new URL(app.url).origin);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain("Hello from the session.");
    expect((await post("https://evil.example")).status).toBe(403);
    expect(fake.requests).toHaveLength(1);
    // The session's owner may write, so track_event is offered (a person still confirms it).
    expect(fake.requests[0].body.tools!.map((t) => t.name)).toContain("track_event");
  });

  it("refuses callers without a key or session (401) before anything else", async () => {
    const res = await fetch(`${app.url}/api/v1/ask`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question: "x" }) });
    expect(res.status).toBe(401);
  });
});

describe("without ANTHROPIC_API_KEY", () => {
  it("answers 409 not configured with the MCP address and the claude mcp add command, and GET says so", async () => {
    const res = await askApi(baseUrl(), key, { question: "Anyone there?" });
    expect(res.status).toBe(409);
    expect(res.error).toMatchObject({ code: "conflict", details: { reason: "not_configured" } });
    const mcp = (res.error!.details as { mcp: { url: string; command: string } }).mcp;
    // No AUTH_URL in the test app: the address the caller reached, not the one the server listens on.
    expect(mcp.url).toBe(`${new URL(baseUrl()).origin}/api/mcp`);
    expect(mcp.command).toBe(`claude mcp add --transport http flux ${mcp.url} --header "Authorization: Bearer <project API key>"`);
    const status = await (await fetch(`${baseUrl()}/api/v1/ask`, { headers: { authorization: `Bearer ${key}` } })).json();
    expect(status).toMatchObject({ configured: false, model: null, mcp });
    const configured = await (await fetch(`${app.url}/api/v1/ask`, { headers: { authorization: `Bearer ${key}` } })).json();
    expect(configured).toMatchObject({ configured: true, model: MODEL, limits: { maxTokens: MAX_TOKENS, maxToolCalls: MAX_TOOL_CALLS, tokenBudget: 100 * MAX_TOKENS, questionsPerHour: RATE_PER_HOUR } });
  });
});
