// Shown while the server loads the dashboard and its first data.
export default function LoadingDashboard() {
  const cells = [3, 3, 3, 3, 8, 4, 6, 6];
  return (
    <div className="stack" aria-busy="true" aria-label="Loading the dashboard">
      <div className="skeleton" style={{ height: 28, width: 260 }} />
      <div className="skeleton" style={{ height: 30, width: 420 }} />
      <div className="loading-grid">
        {cells.map((w, i) => (
          <div key={i} className="skeleton" style={{ gridColumn: `span ${w}`, height: i < 4 ? 180 : 370 }} />
        ))}
      </div>
    </div>
  );
}
