"use client";

import { useSearchParams } from "next/navigation";
import { connectMessage, providerName } from "@/lib/auth/oauth-messages";

interface Props {
  /** Which providers this Flux has configured. */
  providers: { github: boolean; google: boolean };
  /** Which of them the person has connected already. */
  connected: string[];
  /** Server action: notes the intent to connect, then hands over to the provider. */
  action: (form: FormData) => Promise<void>;
}

/**
 * "Connect GitHub / Google" on the account page: the way to link a provider account whose
 * email the provider does not vouch for, or whose email differs from the Flux one. The
 * provider sends the person back here with `?connected=` or `?connect_error=`.
 */
export function ConnectProviders({ providers, connected, action }: Props) {
  const params = useSearchParams();
  const message = connectMessage({ connected: params.get("connected"), error: params.get("connect_error"), provider: params.get("provider") });
  const enabled = (["github", "google"] as const).filter((p) => providers[p]);
  if (enabled.length === 0) return <p className="muted" data-testid="no-oauth-providers">Sign-in with GitHub or Google is not set up on this Flux.</p>;
  return (
    <div className="stack" data-testid="connect-providers">
      {message && <p className={message.ok ? "notice" : "form-error"} role={message.ok ? "status" : "alert"}>{message.text}</p>}
      <p className="muted" style={{ margin: 0 }}>Connect an account to sign in with it as well as with your password.</p>
      {enabled.map((p) => (
        <div key={p} className="row" data-provider={p}>
          <span style={{ minWidth: 80 }}>{providerName(p)}</span>
          {connected.includes(p) ? (
            <span className="badge accent">connected</span>
          ) : (
            <form action={action}>
              <input type="hidden" name="provider" value={p} />
              <button className="btn small" type="submit">Connect {providerName(p)}</button>
            </form>
          )}
        </div>
      ))}
    </div>
  );
}
