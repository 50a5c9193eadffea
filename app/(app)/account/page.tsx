import type { Metadata } from "next";
import Link from "next/link";
import { accountOverview } from "@/lib/auth/account";
import { requireUser } from "@/lib/auth/session";
import { listProjectsForUser } from "@/lib/projects/projects";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { DeleteAccountForm } from "@/components/account/delete-account-form";
import { ConnectProviders } from "@/components/account/connect-providers";
import { listConnectedProviders } from "@/lib/auth/oauth-link";
import { oauthProviders } from "@/lib/env";
import { connectProviderAction } from "../actions";
import { signOutAction } from "@/app/(auth)/actions";
import { changePasswordAction, deleteAccountAction } from "./actions";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const user = await requireUser();
  const [account, projects] = await Promise.all([accountOverview({ user }), listProjectsForUser({ userId: user.id })]);
  const connected = await listConnectedProviders({ userId: user.id });
  return (
    <div className="shell">
      <header className="topbar">
        <Link className="brand" href="/"><span className="logo-dot" /> Flux</Link>
        {projects.length > 0 && <Link href={`/projects/${projects[0].id}`}>Back to {projects[0].name}</Link>}
        <div className="spacer" />
        <span className="muted small" data-testid="user-email">{account.email}</span>
        <form action={signOutAction}>
          <button className="btn small" type="submit">Sign out</button>
        </form>
      </header>
      <main className="main stack" style={{ maxWidth: 760 }}>
        <div className="page-head"><div><h1>Your account</h1><p className="muted">{account.name ? `${account.name} · ` : ""}{account.email}</p></div></div>
        <section className="card" aria-labelledby="password-heading">
          <h2 id="password-heading">Password</h2>
          {account.hasPassword ? (
            <>
              <p className="muted">Changing it signs you out in every other browser; this one stays signed in.</p>
              <ChangePasswordForm action={changePasswordAction} />
            </>
          ) : (
            <p className="muted">You sign in with GitHub or Google; this account has no password.</p>
          )}
        </section>
        <section className="card" aria-labelledby="connect-heading">
          <h2 id="connect-heading">GitHub and Google</h2>
          <ConnectProviders providers={oauthProviders()} connected={connected} action={connectProviderAction} />
        </section>
        <section className="card" aria-labelledby="delete-heading">
          <h2 id="delete-heading">Delete account</h2>
          <DeleteAccountForm
            email={account.email}
            hasPassword={account.hasPassword}
            blockingProjects={account.blockingProjects}
            soloProjects={account.soloProjects}
            action={deleteAccountAction}
          />
        </section>
      </main>
    </div>
  );
}
