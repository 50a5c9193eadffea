import { describe, expect, it } from "vitest";
import type { AskMessage } from "./ask-events";
import { conversationProblem, toolCallsSinceQuestion, trimHistory } from "./ask-request";

const q = (text: string): AskMessage => ({ role: "user", content: [{ type: "text", text }] });
const a = (text: string): AskMessage => ({ role: "assistant", content: [{ type: "text", text }] });
const uses = (...ids: string[]): AskMessage => ({ role: "assistant", content: ids.map((id) => ({ type: "tool_use", id, name: "list_metrics", input: {} })) });
const results = (...ids: string[]): AskMessage => ({ role: "user", content: ids.map((id) => ({ type: "tool_result", tool_use_id: id, content: "r" })) });

describe("conversationProblem", () => {
  it("accepts what the server hands back: questions, tool calls answered in order, answers", () => {
    expect(conversationProblem([q("a"), uses("t1", "t2"), results("t1", "t2"), a("done"), q("b"), uses("t3")])).toBeNull();
    expect(conversationProblem([])).toBeNull();
  });

  it("refuses turns out of order, results that answer other calls, missing or reordered results, and reused ids", () => {
    expect(conversationProblem([a("x")])?.field).toBe("history.0.role");
    expect(conversationProblem([q("a"), q("b")])?.field).toBe("history.1.role");
    expect(conversationProblem([q("a"), uses("t1"), results("t2")])?.field).toBe("history.2.content");
    expect(conversationProblem([q("a"), uses("t1", "t2"), results("t1")])?.field).toBe("history.2.content");
    expect(conversationProblem([q("a"), uses("t1", "t2"), results("t2", "t1")])?.field).toBe("history.2.content");
    expect(conversationProblem([q("a"), uses("t1"), q("skipped the results")])?.field).toBe("history.2.content");
    expect(conversationProblem([results("t1")])?.field).toBe("history.0.content");
    expect(conversationProblem([q("a"), uses("t1"), results("t1"), uses("t1")])?.message).toMatch(/twice/);
  });

  it("refuses text before the tool results of a turn", () => {
    const textFirst: AskMessage = { role: "user", content: [{ type: "text", text: "b" }, { type: "tool_result", tool_use_id: "t1", content: "r" }] };
    expect(conversationProblem([q("a"), uses("t1"), textFirst])?.field).toBe("history.2.content");
  });
});

describe("toolCallsSinceQuestion", () => {
  it("counts the results after the last question only", () => {
    expect(toolCallsSinceQuestion([q("a"), uses("t1"), results("t1"), a("x"), q("b"), uses("t2", "t3"), results("t2", "t3"), uses("t4")])).toBe(2);
    expect(toolCallsSinceQuestion([q("a")])).toBe(0);
  });
});

describe("trimHistory", () => {
  it("keeps the newest turns, cut where a question starts, never orphaning tool results", () => {
    const long: AskMessage[] = [];
    for (let i = 0; i < 20; i++) long.push(q(`q${i}`), uses(`t${i}`), results(`t${i}`), a(`a${i}`));
    const trimmed = trimHistory(long, 10);
    expect(trimmed.length).toBeLessThanOrEqual(10);
    expect(trimmed[0]).toEqual(q("q18"));
    expect(conversationProblem(trimmed)).toBeNull();
    expect(trimHistory(long.slice(0, 4), 10)).toHaveLength(4);
  });
});
