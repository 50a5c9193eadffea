"use client";

import Link from "next/link";

// Any page that fails to render (database unreachable, a bug) says so plainly and offers a
// retry instead of a blank screen; details stay in the server log under the digest.
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="auth-shell">
      <div className="card auth-card" role="alert">
        <h1>Something went wrong</h1>
        <p className="muted">
          Flux could not load this page. If the database was restarting, trying again usually works
          {error.digest ? <> (error <code>{error.digest}</code> in the server log)</> : null}.
        </p>
        <div className="row">
          <button type="button" className="btn primary" onClick={reset}>Try again</button>
          <Link className="btn" href="/">Your projects</Link>
        </div>
      </div>
    </main>
  );
}
