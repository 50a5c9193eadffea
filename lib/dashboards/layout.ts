import { GRID_COLUMNS } from "./constants";

/** The part of a widget the grid cares about. */
export interface Box {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/**
 * Removes overlaps: the moved box keeps the place it was dropped on, every other box keeps
 * its place unless something now covers it, then it sinks just below. Boxes never jump up
 * on their own, so a layout stays where people put it (gaps included).
 */
export function compact<T extends Box>(boxes: T[], pinnedId?: string): T[] {
  const pinned = boxes.find((b) => b.id === pinnedId);
  const others = boxes.filter((b) => b.id !== pinnedId).sort((a, b) => a.y - b.y || a.x - b.x);
  const placed: T[] = pinned ? [{ ...pinned }] : [];
  for (const box of others) {
    const next = { ...box };
    let hit = placed.find((p) => overlaps(p, next));
    while (hit) {
      next.y = hit.y + hit.h;
      hit = placed.find((p) => overlaps(p, next));
    }
    placed.push(next);
  }
  const byId = new Map(placed.map((p) => [p.id, p]));
  return boxes.map((b) => byId.get(b.id) as T);
}

export function moveBox<T extends Box>(boxes: T[], id: string, to: { x: number; y: number }): T[] {
  const moved = boxes.map((b) => (b.id === id ? { ...b, x: clamp(to.x, 0, GRID_COLUMNS - b.w), y: Math.max(0, to.y) } : b));
  return compact(moved, id);
}

export function resizeBox<T extends Box>(boxes: T[], id: string, size: { w: number; h: number }): T[] {
  const resized = boxes.map((b) => (b.id === id ? { ...b, w: clamp(size.w, 1, GRID_COLUMNS - b.x), h: clamp(size.h, 1, 20) } : b));
  return compact(resized, id);
}

/** The first place a new box of this size fits: the end of the last row. */
export function placeNew(boxes: Box[], size: { w: number; h: number }): { x: number; y: number } {
  for (let y = 0; y < 200; y += 1) {
    for (let x = 0; x + size.w <= GRID_COLUMNS; x += 1) {
      const candidate = { id: "", x, y, ...size };
      if (!boxes.some((b) => overlaps(b, candidate))) return { x, y };
    }
  }
  return { x: 0, y: boxes.reduce((m, b) => Math.max(m, b.y + b.h), 0) };
}
