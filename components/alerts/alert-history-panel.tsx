"use client";

import { useState, useTransition } from "react";
import type { AlertTransitionView } from "@/lib/alerts/alerts";
import { formatDateTime } from "@/lib/format/dates";
import { formatNumber } from "@/lib/format/format-value";
import type { Act } from "./types";

type Page = { transitions: AlertTransitionView[]; nextCursor: string | null };

const state = (s: string) => <span className={`alert-state ${s}`}>{s.replace("_", " ")}</span>;

/** Every transition, newest first, with what it sent to which channel (status, attempts, error). */
export function AlertHistoryPanel({ initial, rules, load }: {
  initial: Page;
  rules: { id: string; name: string }[];
  load: Act<[input: { ruleId?: string; cursor?: string }], Page>;
}) {
  const [ruleId, setRuleId] = useState("");
  const [pages, setPages] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  // The server's first page is fresh on every render (live refresh); pages fetched here replace it.
  const shown = pages ?? initial;
  const fetchPage = (input: { ruleId?: string; cursor?: string }, append: boolean) =>
    start(async () => {
      const r = await load(input);
      if (!r.ok) return setError(r.error);
      setError(null);
      setPages(append ? { transitions: [...shown.transitions, ...r.data.transitions], nextCursor: r.data.nextCursor } : r.data);
    });
  return (
    <div className="stack">
      <div className="row wrap">
        <label htmlFor="history-rule" style={{ margin: 0 }}>Rule</label>
        <select id="history-rule" style={{ width: "auto" }} value={ruleId} onChange={(e) => {
          setRuleId(e.target.value);
          if (e.target.value) fetchPage({ ruleId: e.target.value }, false);
          else setPages(null);
        }}>
          <option value="">All rules</option>
          {rules.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
        </select>
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
      <div style={{ overflowX: "auto" }}>
        <table className="list alert-rows" aria-label="Alert history">
          <thead><tr><th>When</th><th>Rule</th><th>Group</th><th>Change</th><th>Value</th><th>Deliveries</th></tr></thead>
          <tbody>
            {shown.transitions.length === 0 && <tr><td colSpan={6} className="muted">Nothing has happened yet.</td></tr>}
            {shown.transitions.map((t) => (
              <tr key={t.id} data-testid="history-row" data-to-state={t.toState} data-rule-id={t.ruleId}>
                <td className="small">{formatDateTime(t.at)}</td>
                <td>{t.ruleName}</td>
                <td className="small">{t.groupKey || <span className="muted">all</span>}</td>
                <td>{state(t.fromState)} → {state(t.toState)}<div className="small muted">{t.message}</div></td>
                <td>{t.value === null ? "–" : formatNumber(t.value)}</td>
                <td className="small">
                  {t.deliveries.length === 0 ? <span className="muted">none</span> : (
                    <ul style={{ margin: 0, paddingLeft: 16 }}>
                      {t.deliveries.map((d) => (
                        <li key={d.id} data-testid="history-delivery" data-status={d.status}>
                          {d.channelName ?? "deleted channel"}: <strong className={d.status === "failed" ? "bad" : d.status === "delivered" ? "good" : undefined}>{d.status}</strong>
                          {` after ${d.attempts} attempt${d.attempts === 1 ? "" : "s"}`}
                          {d.responseStatus !== null && ` (HTTP ${d.responseStatus})`}
                          {d.status === "pending" && d.nextAttemptAt && `; next ${formatDateTime(d.nextAttemptAt)}`}
                          {d.lastError && <div className="bad">{d.lastError}</div>}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.nextCursor && (
        <div><button type="button" className="btn small" disabled={pending} onClick={() => fetchPage({ ruleId: ruleId || undefined, cursor: shown.nextCursor! }, true)}>{pending ? "Loading…" : "Older"}</button></div>
      )}
    </div>
  );
}
