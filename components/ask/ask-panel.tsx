"use client";

import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import type { AskStatus } from "@/lib/ask/ask-events";
import { CopyButton } from "@/components/ui/copy-button";
import { AskToolCall, compactJson } from "./ask-tool-call";
import { useAsk, type Exchange } from "./use-ask";

/**
 * The answer in the order it arrived: plain-text paragraphs (nothing from the model or the data
 * is read as HTML) and, between them, the tools it used.
 */
function Answer({ exchange, origin }: { exchange: Exchange; origin: string }) {
  const calls = new Map(exchange.toolCalls.map((t) => [t.id, t]));
  return (
    <div className="ask-answer" data-testid="ask-answer" aria-live="polite">
      {exchange.parts.map((part, i) =>
        part.kind === "text" ? (
          part.text.split(/\n{2,}/).filter((p) => p.trim()).map((p, k) => <p key={`${i}.${k}`} className="ask-paragraph">{p}</p>)
        ) : (
          <ul key={i} className="ask-tool-calls" aria-label="Tools used">
            {part.ids.flatMap((id) => {
              const call = calls.get(id);
              return call ? [<AskToolCall key={id} call={call} origin={origin} />] : [];
            })}
          </ul>
        ),
      )}
    </div>
  );
}

function McpInstructions({ mcp, message }: { mcp: AskStatus["mcp"]; message?: string }) {
  return (
    <div className="notice ask-not-configured" data-testid="ask-not-configured">
      <p>{message ?? "The Ask box is not configured on this Flux: its server has no ANTHROPIC_API_KEY."}</p>
      <p>Connect an assistant over MCP instead. Create a project API key with the read scope (Settings → API keys), then for Claude Code run:</p>
      <pre className="ask-command" data-testid="ask-mcp-command">{mcp.command}</pre>
      <div className="row">
        <CopyButton text={mcp.command} label="Copy the claude mcp add command" />
        <span className="small muted">MCP address: <code data-testid="ask-mcp-url">{mcp.url}</code></span>
      </div>
    </div>
  );
}

function ExchangeView({ exchange, origin, onConfirm, busy }: { exchange: Exchange; origin: string; onConfirm: (approve: boolean) => void; busy: boolean }) {
  const c = exchange.confirm;
  return (
    <li className="ask-exchange" data-testid="ask-exchange" data-streaming={exchange.streaming}>
      <p className="ask-question"><strong>{exchange.question}</strong></p>
      {exchange.parts.length > 0 && <Answer exchange={exchange} origin={origin} />}
      {c && (
        <div className="ask-confirm-box" role="group" aria-label="Confirm a change" data-testid="ask-confirm-box" data-answer={c.answer ?? "waiting"}>
          <p className="small">The assistant wants to run <code>{c.name}</code>, which changes data:</p>
          <code className="ask-tool-query">{compactJson(c.input)}</code>
          {c.answer ? (
            <p className="small muted">{c.answer === "approved" ? "You approved it." : "You declined it."}</p>
          ) : (
            <div className="row">
              <button type="button" className="btn small primary" data-testid="ask-confirm" onClick={() => onConfirm(true)} disabled={busy}>Run it</button>
              <button type="button" className="btn small" data-testid="ask-decline" onClick={() => onConfirm(false)} disabled={busy}>Don’t</button>
            </div>
          )}
        </div>
      )}
      {exchange.streaming && <p className="small muted" data-testid="ask-thinking">{exchange.parts.length ? "Working…" : "Thinking…"}</p>}
      {exchange.errors.map((m, i) => (
        <p key={i} className="form-error small" role="alert" data-testid="ask-error">{m}</p>
      ))}
      {exchange.usage && (
        <p className="small muted" data-testid="ask-usage">
          {exchange.usage.toolCalls} tool {exchange.usage.toolCalls === 1 ? "call" : "calls"} · {exchange.usage.inputTokens + exchange.usage.outputTokens} tokens
        </p>
      )}
    </li>
  );
}

/** The Ask panel: a question box, the streamed answers with the tools they used, confirmations for changes. */
export function AskPanel({ projectId, onClose }: { projectId: string; onClose: () => void }) {
  const { exchanges, failure, busy, ask, answerConfirm, stop, reset } = useAsk(projectId);
  const [status, setStatus] = useState<AskStatus | null>(null);
  const [question, setQuestion] = useState("");
  // Rendered only after a click, so always in the browser.
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  const input = useRef<HTMLTextAreaElement>(null);
  const end = useRef<HTMLDivElement>(null);

  useEffect(() => {
    input.current?.focus();
    let live = true;
    fetch(`/api/v1/ask?project=${encodeURIComponent(projectId)}`)
      .then((r) => (r.ok ? (r.json() as Promise<AskStatus>) : null))
      .then((s) => { if (live) setStatus(s); })
      .catch(() => {});
    return () => { live = false; };
  }, [projectId]);

  useEffect(() => {
    end.current?.scrollIntoView?.({ block: "nearest" });
  }, [exchanges]);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    const q = question.trim();
    if (!q || busy) return;
    setQuestion("");
    if (!(await ask(q))) setQuestion(q);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) void submit(e);
  };

  const notConfigured = failure?.kind === "not_configured" ? failure : status && !status.configured ? { message: undefined, mcp: status.mcp } : null;
  return (
    <section id="ask-panel" className="ask-box" role="dialog" aria-modal="false" aria-labelledby="ask-heading" data-testid="ask-box"
      onKeyDown={(e) => { if (e.key === "Escape") onClose(); }}>
      <div className="row ask-head">
        <h2 id="ask-heading">Ask Flux</h2>
        <span className="spacer" />
        {exchanges.length > 0 && <button type="button" className="btn small" onClick={reset}>New conversation</button>}
        <button type="button" className="btn small" onClick={onClose} aria-label="Close the Ask panel">Close</button>
      </div>
      <div className="ask-body">
        {notConfigured && <McpInstructions mcp={notConfigured.mcp} message={notConfigured.message} />}
        {exchanges.length === 0 && !notConfigured && (
          <p className="small muted">Ask about this project’s metrics and events, e.g. “How are signups trending this week compared to last?” Answers cite the tools they used, with links to the charts.</p>
        )}
        <ol className="ask-exchanges">
          {exchanges.map((x) => (
            <ExchangeView key={x.key} exchange={x} origin={origin} busy={busy} onConfirm={(approve) => void answerConfirm(x.key, approve)} />
          ))}
        </ol>
        {failure?.kind === "refused" && <p className="form-error small" role="alert" data-testid="ask-error">{failure.message}</p>}
        <div ref={end} />
      </div>
      <form className="ask-form" onSubmit={submit}>
        <label htmlFor="ask-input" className="sr-only">Your question</label>
        <textarea id="ask-input" ref={input} data-testid="ask-input" rows={2} maxLength={4000} value={question}
          placeholder="Ask about this project…" onChange={(e) => setQuestion(e.target.value)} onKeyDown={onKeyDown} disabled={Boolean(notConfigured)} />
        <div className="row">
          {status?.configured && (
            <span className="small muted" data-testid="ask-limits">
              {status.model} · up to {status.limits.maxToolCalls} tool calls per question · {status.limits.questionsPerHour} questions per hour
            </span>
          )}
          <span className="spacer" />
          {busy && <button type="button" className="btn small" onClick={stop}>Stop</button>}
          <button type="submit" className="btn small primary" data-testid="ask-submit" disabled={busy || !question.trim() || Boolean(notConfigured)}>Ask</button>
        </div>
      </form>
    </section>
  );
}
