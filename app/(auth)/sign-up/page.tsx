import type { Metadata } from "next";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { OAuthButtons } from "@/components/auth/oauth-buttons";
import { oauthProviders } from "@/lib/env";
import { oauthSignInAction, signUpAction } from "../actions";

export const metadata: Metadata = { title: "Create your account" };

export default function SignUpPage() {
  return (
    <div className="card auth-card">
      <div className="brand"><span className="logo-dot" /> Flux</div>
      <h1>Create your account</h1>
      <p className="muted">Two lines of SDK code to your first live dashboard.</p>
      <SignUpForm action={signUpAction} />
      <OAuthButtons providers={oauthProviders()} action={oauthSignInAction} />
      <p className="muted small" style={{ marginTop: 16 }}>
        Already have an account? <a href="/sign-in">Sign in</a>
      </p>
    </div>
  );
}
