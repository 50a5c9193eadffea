import { localParts, zonedTime } from "@/lib/query/zoned-time";

// The annotation form works in the dashboard's time zone (the one its graphs are drawn in), not
// the browser's: a `datetime-local` field holds wall-clock text, converted here both ways.

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** Epoch ms as the text of a `datetime-local` field, in `timezone` ("2026-03-10T14:05"). */
export function wallTimeText(ms: number, timezone: string): string {
  const p = localParts(ms, timezone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** A `datetime-local` value read in `timezone`, as epoch ms; null when it is not a time. */
export function parseWallTime(text: string, timezone: string): number | null {
  const m = WALL.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const ms = zonedTime({ year, month, day }, timezone, hour, minute, second);
  // 31 February would roll over into March: only a date that reads back the same is one.
  return wallTimeText(ms, timezone).slice(0, 10) === text.slice(0, 10) ? ms : null;
}

/** Tags as typed ("deploy, api  web"): split on commas and spaces, trimmed, without repeats. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(/[,\s]+/).map((t) => t.trim()).filter(Boolean))];
}

export interface AnnotationDraft {
  title: string;
  startsAt: string;
  /** Empty: an instant. */
  endsAt: string;
  tags: string;
  description: string;
}

/** The request body of a draft, or the field the person must fix first. */
export function draftBody(draft: AnnotationDraft, timezone: string): { body: Record<string, unknown> } | { field: keyof AnnotationDraft; message: string } {
  if (!draft.title.trim()) return { field: "title", message: "Give the annotation a title" };
  const startsAt = parseWallTime(draft.startsAt, timezone);
  if (startsAt === null) return { field: "startsAt", message: "Choose when it happened" };
  let endsAt: number | null = null;
  if (draft.endsAt.trim()) {
    endsAt = parseWallTime(draft.endsAt, timezone);
    if (endsAt === null) return { field: "endsAt", message: "Choose when it ended, or leave it empty for a moment in time" };
    if (endsAt < startsAt) return { field: "endsAt", message: "The end must not be before the start" };
  }
  const description = draft.description.trim();
  return {
    body: {
      title: draft.title.trim(),
      startsAt: new Date(startsAt).toISOString(),
      endsAt: endsAt === null ? null : new Date(endsAt).toISOString(),
      tags: parseTags(draft.tags),
      ...(description ? { description } : {}),
    },
  };
}
