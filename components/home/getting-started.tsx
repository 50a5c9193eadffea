"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import type { ActionResult } from "@/lib/actions/types";

type KeyAction = (prev: ActionResult<{ key: string }> | undefined, form: FormData) => Promise<ActionResult<{ key: string }>>;

/**
 * Copy-paste snippets with the project's own URL and key. The names are those of README.md's
 * SDK section, so what a newcomer sends matches what the docs then query. Shell and
 * JavaScript are separate blocks: each Copy gives something that runs as it is.
 */
function snippets(baseUrl: string, key: string) {
  return {
    install: `npm install ${baseUrl}/sdk/flux-sdk.tgz`,
    sdk: `import { createFlux } from "@flux/sdk";

const flux = createFlux({
  url: ${JSON.stringify(baseUrl)},
  key: ${JSON.stringify(key)},
});

// An event, with who did it
flux.track("user_signed_up", { user_id: "u_42", plan: "pro" });

// Metrics: a gauge, a counter and a distribution (Flux computes its percentiles)
flux.gauge("active_users", 234);
flux.counter("api_calls", 1, { tags: { endpoint: "/users" } });
flux.distribution("response_time", 145.2);

// Send now (the SDK also sends every 5 seconds and when the process exits)
await flux.flush();
`,
    curl: `curl -X POST ${baseUrl}/api/v1/flux/batch \\
  -H "Authorization: Bearer ${key}" \\
  -H "Content-Type: application/json" \\
  -d '{"events":[{"name":"user_signed_up","user_id":"u_42","properties":{"plan":"pro"}}],
       "metrics":[{"type":"counter","name":"api_calls","value":1,"tags":{"endpoint":"/users"}}]}'`,
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
        <div className="stack">
          <CopyBlock label="Install the SDK" text={s.install} />
          <p className="small muted">Flux serves its own SDK (it is not on the npm registry); browsers can import <code>{`${baseUrl}/sdk/index.js`}</code> instead.</p>
          <CopyBlock label="SDK (Node.js or browser)" text={s.sdk} />
        </div>
        <CopyBlock label="curl" text={s.curl} />
      </div>
      <p className="small muted" role="status" data-testid="waiting-for-data">
        {arrived ? "Data arrived: loading your catalog…" : "Waiting for your first event or metric… this page updates by itself when it arrives."}
      </p>
    </section>
  );
}
