"use client";

import Link from "next/link";
import type { ToolCallView } from "./use-ask";

/** A link the box may show: into this Flux only (same origin, made relative so the panel stays open), else none. */
export function safeFluxLink(link: string | undefined, origin: string): string | null {
  if (!link) return null;
  try {
    const url = new URL(link, origin);
    if (url.origin !== origin || !url.pathname.startsWith("/projects/")) return null;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return null;
  }
}

/** Compact JSON of a query or input, cut so one call cannot fill the panel. */
export function compactJson(value: unknown, max = 600): string {
  const text = JSON.stringify(value) ?? "";
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** One tool the assistant used: its name, the exact query it ran, a link to the chart, and what came back. */
export function AskToolCall({ call, origin }: { call: ToolCallView; origin: string }) {
  const href = safeFluxLink(call.link, origin);
  const state = call.summary === undefined ? "running" : call.isError ? "error" : "ok";
  return (
    <li className={`ask-tool-call ask-tool-${state}`} data-testid="ask-tool-call" data-tool={call.name} data-state={state}>
      <div className="row ask-tool-head">
        <code className="ask-tool-name">{call.name}</code>
        {state === "running" && <span className="small muted">running…</span>}
        {state === "error" && <span className="small bad">failed</span>}
        <span className="spacer" />
        {href && (
          <Link href={href} className="small" data-testid="ask-tool-link">
            {href.includes("/explore?") ? "Open chart" : "Open in Flux"}
          </Link>
        )}
      </div>
      <code className="ask-tool-query" data-testid="ask-tool-query" title="The query this tool ran">
        {compactJson(call.query ?? call.input)}
      </code>
      {call.summary !== undefined && (
        <details className="ask-tool-result" open={call.isError}>
          <summary className="small muted">{call.isError ? "Error" : "Result"}</summary>
          <p className={`small ${call.isError ? "bad" : ""}`} data-testid="ask-tool-summary">{call.summary}</p>
        </details>
      )}
    </li>
  );
}
