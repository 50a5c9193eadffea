import Link from "next/link";

export default function NotFound() {
  return (
    <main className="auth-shell">
      <div className="card auth-card">
        <h1>Not found</h1>
        <p className="muted">This page does not exist, or you do not have access to it.</p>
        <Link className="btn" href="/">Go to your projects</Link>
      </div>
    </main>
  );
}
