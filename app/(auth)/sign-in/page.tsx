import type { Metadata } from "next";
import { SignInForm } from "@/components/auth/sign-in-form";
import { OAuthButtons } from "@/components/auth/oauth-buttons";
import { oauthProviders } from "@/lib/env";
import { signInErrorMessage } from "@/lib/auth/oauth-messages";
import { oauthSignInAction, signInAction } from "../actions";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string; provider?: string; account?: string }> }) {
  const { next, error, provider, account } = await searchParams;
  return (
    <div className="card auth-card">
      <div className="brand"><span className="logo-dot" /> Flux</div>
      <h1>Sign in</h1>
      <p className="muted">Your metrics, events and dashboards.</p>
      {account === "deleted" && <p className="notice" role="status">Your account has been deleted.</p>}
      {error && <p className="form-error" role="alert" data-testid="sign-in-error">{signInErrorMessage(error, provider)}</p>}
      <SignInForm next={next} action={signInAction} />
      <OAuthButtons providers={oauthProviders()} next={next} action={oauthSignInAction} />
      <p className="muted small" style={{ marginTop: 16 }}>
        New here? <a href="/sign-up">Create an account</a>
      </p>
    </div>
  );
}
