"use client";

import { useCallback, useRef, useState } from "react";
import type { AskEvent, AskMessage, AskStatus, AskUsage } from "@/lib/ask/ask-events";
import { readAskEvents } from "./ask-stream-reader";

export interface ToolCallView {
  id: string;
  name: string;
  input: Record<string, unknown>;
  query?: unknown;
  link?: string;
  summary?: string;
  isError?: boolean;
}

/** What the answer shows, in the order it arrived: text, then the tools it used, then more text. */
export type AnswerPart = { kind: "text"; text: string } | { kind: "tools"; ids: string[] };

export interface Exchange {
  key: number;
  question: string;
  answer: string;
  parts: AnswerPart[];
  toolCalls: ToolCallView[];
  confirm?: { id: string; name: string; input: Record<string, unknown>; history: AskMessage[]; answer?: "approved" | "declined" };
  errors: string[];
  usage?: AskUsage;
  streaming: boolean;
}

export type AskFailure = { kind: "not_configured"; message: string; mcp: AskStatus["mcp"] } | { kind: "refused"; message: string; status: number };

function withText(parts: AnswerPart[], text: string): AnswerPart[] {
  const last = parts.at(-1);
  return last?.kind === "text" ? [...parts.slice(0, -1), { kind: "text", text: last.text + text }] : [...parts, { kind: "text", text }];
}

function withTool(parts: AnswerPart[], id: string): AnswerPart[] {
  if (parts.some((p) => p.kind === "tools" && p.ids.includes(id))) return parts;
  const last = parts.at(-1);
  return last?.kind === "tools" ? [...parts.slice(0, -1), { kind: "tools", ids: [...last.ids, id] }] : [...parts, { kind: "tools", ids: [id] }];
}

const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * The conversation in the browser: the server keeps nothing, so the history it hands back in
 * `done` (or `confirm`) is posted with the next question. Events update the last exchange.
 */
export function useAsk(projectId: string) {
  const [exchanges, setExchanges] = useState<Exchange[]>([]);
  const [failure, setFailure] = useState<AskFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const history = useRef<AskMessage[]>([]);
  const abort = useRef<AbortController | null>(null);
  const nextKey = useRef(1);

  const update = useCallback((key: number, change: (e: Exchange) => Exchange) => {
    setExchanges((all) => all.map((e) => (e.key === key ? change(e) : e)));
  }, []);

  const apply = useCallback((key: number, event: AskEvent) => {
    switch (event.type) {
      case "text":
        return update(key, (e) => ({ ...e, answer: e.answer + event.text, parts: withText(e.parts, event.text) }));
      case "tool_call":
        return update(key, (e) => ({
          ...e,
          toolCalls: [...e.toolCalls.filter((t) => t.id !== event.id), { id: event.id, name: event.name, input: event.input, query: event.query, link: event.link }],
          parts: withTool(e.parts, event.id),
        }));
      case "tool_result":
        return update(key, (e) => ({ ...e, toolCalls: e.toolCalls.map((t) => (t.id === event.id ? { ...t, summary: event.summary, isError: event.isError } : t)) }));
      case "confirm":
        history.current = event.history;
        return update(key, (e) => ({ ...e, confirm: { id: event.id, name: event.name, input: event.input, history: event.history } }));
      case "error":
        return update(key, (e) => ({ ...e, errors: [...e.errors, event.message] }));
      case "done":
        history.current = event.history;
        return update(key, (e) => ({ ...e, usage: event.usage, streaming: false }));
    }
  }, [update]);

  const post = useCallback(async (key: number, body: Record<string, unknown>) => {
    setBusy(true);
    setFailure(null);
    const controller = new AbortController();
    abort.current = controller;
    try {
      const res = await fetch(`/api/v1/ask?project=${encodeURIComponent(projectId)}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...body, history: history.current, timeZone: zone() }),
        signal: controller.signal,
      });
      if (!res.ok || !res.body) {
        const data = await res.json().catch(() => null);
        const message: string = data?.error?.message ?? `The Ask box failed (HTTP ${res.status})`;
        const detail = Array.isArray(data?.error?.details) && data.error.details[0]?.message ? `: ${data.error.details[0].message}` : "";
        setFailure(data?.error?.details?.reason === "not_configured" ? { kind: "not_configured", message, mcp: data.error.details.mcp } : { kind: "refused", message: `${message}${detail}`, status: res.status });
        update(key, (e) => ({ ...e, streaming: false }));
        return false;
      }
      await readAskEvents(res.body, (event) => apply(key, event));
      return true;
    } catch (error) {
      const stopped = controller.signal.aborted;
      update(key, (e) => ({ ...e, streaming: false, errors: [...e.errors, stopped ? "Stopped." : `The answer broke off: ${(error as Error).message}`] }));
      return false;
    } finally {
      abort.current = null;
      setBusy(false);
    }
  }, [apply, projectId, update]);

  const ask = useCallback(async (question: string) => {
    const key = nextKey.current++;
    setExchanges((all) => [...all, { key, question, answer: "", parts: [], toolCalls: [], errors: [], streaming: true }]);
    const ok = await post(key, { question });
    // A refused question (rate limit, invalid) leaves no empty exchange behind.
    if (!ok) setExchanges((all) => all.filter((e) => e.key !== key || e.answer || e.toolCalls.length || e.errors.length));
    return ok;
  }, [post]);

  const answerConfirm = useCallback(async (key: number, approve: boolean) => {
    const exchange = exchanges.find((e) => e.key === key);
    if (!exchange?.confirm) return;
    history.current = exchange.confirm.history;
    update(key, (e) => ({ ...e, streaming: true, confirm: e.confirm && { ...e.confirm, answer: approve ? "approved" : "declined" } }));
    await post(key, { confirm: { id: exchange.confirm.id, approve } });
  }, [exchanges, post, update]);

  const stop = useCallback(() => abort.current?.abort(), []);
  const reset = useCallback(() => {
    abort.current?.abort();
    history.current = [];
    setExchanges([]);
    setFailure(null);
  }, []);

  return { exchanges, failure, busy, ask, answerConfirm, stop, reset };
}
