/** Too many unknown links or wrong passwords from this network: say when to try again. */
export function ShareTooManyAttempts({ message }: { message: string }) {
  return (
    <main className="auth-shell">
      <div className="card auth-card" data-testid="share-rate-limited">
        <h1>Too many attempts</h1>
        <p className="muted">{message}</p>
      </div>
    </main>
  );
}
