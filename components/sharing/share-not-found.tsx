/** The one page every refused share link gets: unknown, expired, revoked or a wrong password alike. */
export function ShareNotFound() {
  return (
    <main className="auth-shell">
      <div className="card auth-card" data-testid="share-not-found">
        <h1>Link not available</h1>
        <p className="muted">This link does not exist, has expired or was revoked.</p>
        <p className="small muted">If you were given a password with it, go back and enter it again. Otherwise ask the person who shared it for a new link.</p>
      </div>
    </main>
  );
}
