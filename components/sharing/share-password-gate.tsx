"use client";

import { useState } from "react";
import type { SharedDashboard, SharePolicy } from "@/lib/sharing/share-link-schemas";
import { SHARE_GRANT_HEADER } from "@/lib/sharing/share-link-schemas";
import type { BrowserLiveConfig } from "@/lib/live/browser-config";
import { ShareNotFound } from "./share-not-found";
import { SharedPage } from "./shared-page";
import { SharedDashboardView } from "./shared-dashboard-view";

type Opened = { dashboardId: string; policy: SharePolicy; dashboard: SharedDashboard; grant: string };

/**
 * A link with a password: the form trades the password for a grant (also set as a cookie, so a
 * reload goes straight in where the browser keeps it), then the dashboard is drawn here with the
 * grant in hand, which also works in an iframe whose cookies the browser refuses.
 */
export function SharePasswordGate({ token, embed, live }: { token: string; embed: boolean; live: BrowserLiveConfig }) {
  const [password, setPassword] = useState("");
  const [state, setState] = useState<{ kind: "idle" | "checking" | "refused" } | { kind: "limited"; message: string } | { kind: "open"; opened: Opened }>({ kind: "idle" });
  const base = `/api/v1/shared/${encodeURIComponent(token)}`;

  const submit = async () => {
    setState({ kind: "checking" });
    const res = await fetch(`${base}/unlock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ password }) }).catch(() => null);
    const body = await res?.json().catch(() => null);
    if (res?.status === 429) return setState({ kind: "limited", message: body?.error?.message ?? "Too many attempts. Try again later." });
    if (!res?.ok || typeof body?.grant !== "string") return setState({ kind: "refused" });
    const grant = body.grant as string;
    const opened = await fetch(base, { headers: { [SHARE_GRANT_HEADER]: grant } }).catch(() => null);
    if (!opened?.ok) return setState({ kind: "refused" });
    setState({ kind: "open", opened: { ...((await opened.json()) as Omit<Opened, "grant">), grant } });
  };

  if (state.kind === "refused") return <ShareNotFound />;
  if (state.kind === "open") {
    const { opened } = state;
    return (
      <SharedPage name={opened.dashboard.name} embed={embed}>
        <SharedDashboardView token={token} dashboardId={opened.dashboardId} dashboard={opened.dashboard} policy={opened.policy} initial={{}} serverZone={null} grant={opened.grant} embed={embed} live={live} />
      </SharedPage>
    );
  }
  return (
    <main className="auth-shell">
      <form className="card auth-card stack" data-testid="share-password-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <h1>This dashboard is protected</h1>
        <p className="muted">Enter the password you were given with the link.</p>
        <div className="field">
          <label htmlFor="share-password">Password</label>
          <input id="share-password" data-testid="share-password-input" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        {state.kind === "limited" && <p className="form-error" role="alert">{state.message}</p>}
        <button type="submit" className="btn primary" data-testid="share-unlock" disabled={state.kind === "checking" || password === ""}>{state.kind === "checking" ? "Checking…" : "Open the dashboard"}</button>
      </form>
    </main>
  );
}
