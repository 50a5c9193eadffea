"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import type { ActionResult } from "@/lib/actions/types";

type KeyAction = (prev: ActionResult<{ key: string }> | undefined, form: FormData) => Promise<ActionResult<{ key: string }>>;

function snippets(baseUrl: string, key: string) {
  return {
    sdk: `# Flux serves its own SDK (it is not on the npm registry):
npm install ${baseUrl}/sdk/flux-sdk.tgz

import { createFlux } from "@flux/sdk";

const flux = createFlux({ url: "${baseUrl}", key: "${key}" });

// An event, with who did it and how much it was worth
flux.track("order.completed", { user_id: "u_42", value: 49.5, plan: "pro" });

// Metrics: a counter, a gauge, a distribution (Flux computes percentiles)
flux.increment("api.calls", 1, { tags: { endpoint: "/api/users" } });
flux.gauge("active_users", 318);
flux.distribution("http.request.duration", 87, { tags: { endpoint: "/api/users" } });`,
    curl: `curl -X POST ${baseUrl}/api/v1/flux/batch \\
  -H "Authorization: Bearer ${key}" \\
  -H "Content-Type: application/json" \\
  -d '{"events":[{"name":"user.signed_up","user_id":"u_42","properties":{"plan":"pro"}}],
       "metrics":[{"type":"counter","name":"api.calls","value":1,"tags":{"endpoint":"/api/users"}}]}'`,
  };
}

function CopyBlock({ label, text }: { label: string; text: string }) {
  return (
    <div className="copy-block">
      <div className="row">
        <h3>{label}</h3>
        <div className="spacer" />
        <CopyButton text={text} label={`Copy the ${label} snippet`} />
      </div>
      <pre data-testid={`snippet-${label.toLowerCase().replace(/\W+/g, "-")}`}>{text}</pre>
    </div>
  );
}

/** Polls the catalog while the project is empty, and refreshes the page when data arrives. */
function useFirstData(projectId: string): boolean {
  const router = useRouter();
  const { data: arrived = false } = useQuery({
    queryKey: ["first-data", projectId],
    refetchInterval: (q) => (q.state.data ? false : 3000),
    queryFn: async () => {
      const p = `project=${encodeURIComponent(projectId)}`;
      const [events, metrics] = await Promise.all([fetch(`/api/v1/event-names?${p}`), fetch(`/api/v1/metrics?${p}`)]);
      if (!events.ok || !metrics.ok) return false;
      return ((await events.json()).events?.length ?? 0) + ((await metrics.json()).metrics?.length ?? 0) > 0;
    },
  });
  useEffect(() => {
    if (arrived) router.refresh();
  }, [arrived, router]);
  return arrived;
}

/** Shown until the project has data: a key made on the spot and snippets that carry it. */
export function GettingStarted({ projectId, baseUrl, canCreateKey, createKey }: { projectId: string; baseUrl: string; canCreateKey: boolean; createKey: KeyAction }) {
  const [state, action, pending] = useActionState(createKey, undefined);
  const arrived = useFirstData(projectId);
  const key = state?.ok ? state.data.key : "YOUR_INGEST_KEY";
  const s = snippets(baseUrl, key);
  return (
    <section className="card stack getting-started" aria-labelledby="getting-started-title" data-testid="getting-started">
      <h2 id="getting-started-title">Get your first data in</h2>
      <p className="muted">This project has not received anything yet. Send one event or metric and this page fills with your catalog and dashboards.</p>
      <ol className="steps">
        <li>
          <strong>Get an ingest key.</strong>{" "}
          {canCreateKey ? (
            state?.ok ? (
              <div className="notice" role="status">
                Copy this key now: it is shown only once.
                <div className="row">
                  <div className="secret" data-testid="ingest-key" style={{ flex: 1 }}>{state.data.key}</div>
                  <CopyButton text={state.data.key} label="Copy the key" />
                </div>
              </div>
            ) : (
              <form action={action} className="row" style={{ display: "inline-flex" }}>
                <input type="hidden" name="name" value="Getting started" />
                <button type="submit" className="btn small primary" disabled={pending} data-testid="create-ingest-key">{pending ? "Creating…" : "Create an ingest key"}</button>
                {state?.ok === false && <span className="error" role="alert">{state.error}</span>}
              </form>
            )
          ) : (
            <span className="muted">Ask a project owner for a key with the ingest scope (Settings → API keys).</span>
          )}
        </li>
        <li><strong>Send something</strong> with the SDK or plain HTTP:</li>
      </ol>
      <div className="grid-2">
        <CopyBlock label="SDK (Node.js or browser)" text={s.sdk} />
        <CopyBlock label="curl" text={s.curl} />
      </div>
      <p className="small muted" role="status" data-testid="waiting-for-data">
        {arrived ? "Data arrived: loading your catalog…" : "Waiting for your first event or metric… this page updates by itself when it arrives."}
      </p>
    </section>
  );
}
