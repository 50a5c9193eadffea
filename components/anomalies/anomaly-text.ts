import type { AnomalyContributorView, AnomalyView } from "@/lib/anomaly/anomaly-schemas";

// How an episode is put into words on the list and the detail page. Pure and client-safe;
// React renders every string here as text.

const KIND_LABELS: Record<AnomalyView["kind"], string> = { spike: "Spike", drop: "Drop", level_shift: "Level shift", silence: "Silence" };
const KIND_NOUNS: Record<AnomalyView["kind"], string> = { spike: "spike", drop: "drop", level_shift: "shift", silence: "silence" };

export const kindLabel = (kind: string): string => KIND_LABELS[kind as AnomalyView["kind"]] ?? kind;

/** The series an episode is about: its tags as `key=value`, sorted; "" for the whole metric or stream. */
export function tagsLabel(tags: Record<string, string>): string {
  return Object.keys(tags)
    .sort()
    .map((k) => `${k}=${tags[k]}`)
    .join(", ");
}

/** "92% of the drop is country=DE"; a value that moved the other way says so. */
export function contributorText(c: AnomalyContributorView, kind: string): string {
  const pct = Math.round(Math.abs(c.share) * 100);
  const noun = KIND_NOUNS[kind as AnomalyView["kind"]] ?? "change";
  if (c.share < 0) return `${c.key}=${c.value} moved against the ${noun} (${pct}%)`;
  return `${pct}% of the ${noun} is ${c.key}=${c.value}`;
}

/** How long an episode lasted (or has lasted so far): "45 min", "3 h 10 min", "2 d 4 h". */
export function durationText(startedAt: string, endedAt: string | null, now: number): string {
  const ms = Math.max(0, (endedAt ? Date.parse(endedAt) : now) - Date.parse(startedAt));
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return "under a minute";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** The query-model aggregation the detector judged, as a reader says it. */
export function aggregationText(source: string, aggregation: string): string {
  if (source === "event") return aggregation === "count" ? "events per bucket" : aggregation.replace(/_/g, " ");
  return aggregation.replace(/_/g, " ");
}
