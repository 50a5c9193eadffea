"use client";

// A dashboard that cannot load at all (database down, a server error) says so and offers a retry;
// one failing widget query is handled inside that widget instead.
export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="card empty-state" role="alert">
      <h2>This dashboard could not be loaded</h2>
      <p className="muted">
        Flux could not reach its database or hit an error on its side. Try again in a moment; if it keeps happening, check the server log
        {error.digest ? <> for error <code>{error.digest}</code></> : null}.
      </p>
      <div className="row" style={{ justifyContent: "center" }}>
        <button type="button" className="btn primary" onClick={reset}>Try again</button>
        <a className="btn" href="../dashboards">All dashboards</a>
      </div>
    </div>
  );
}
