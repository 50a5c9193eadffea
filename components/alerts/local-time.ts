// datetime-local inputs speak the viewer's wall-clock time without a zone; rules store instants.

const pad = (n: number) => String(n).padStart(2, "0");

/** An ISO instant as a datetime-local value in this browser's zone ("2026-12-01T09:30"). */
export function isoToLocalInput(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value read in this browser's zone, as an ISO instant; null when it is no time. */
export function localInputToIso(local: string): string | null {
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
