import { GRID_COLUMNS } from "./constants";

/** The part of a widget the grid cares about. */
export interface Box {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The tallest a box may be made, in rows. */
export const MAX_ROWS = 20;

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

const sharesColumns = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w;

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

const readingOrder = (a: Box, b: Box) => a.y - b.y || a.x - b.x;

/**
 * Lets boxes fall upward in the given order (vertical compaction, as Grafana and react-grid-layout
 * do): each box rises from where it is until something placed before it stops it, and a box
 * that overlaps one placed before it goes just below that one. Columns never change. Every box
 * ends either on row 0 or resting on another box, so no box can rise further.
 */
function settle<T extends Box>(sequence: T[]): T[] {
  const placed: T[] = [];
  for (const box of sequence) {
    const next = { ...box, y: Math.max(0, box.y) };
    let hit = placed.find((p) => overlaps(p, next));
    if (hit) {
      while (hit) {
        next.y = hit.y + hit.h;
        hit = placed.find((p) => overlaps(p, next));
      }
    } else {
      // Nothing overlaps it, so it rises until its top meets the lowest bottom above it in its columns.
      next.y = placed.reduce((top, p) => (sharesColumns(p, next) && p.y + p.h <= next.y ? Math.max(top, p.y + p.h) : top), 0);
    }
    placed.push(next);
  }
  return placed;
}

/** Same boxes, same array order as `boxes`, at the positions in `placed`. */
function inOriginalOrder<T extends Box>(boxes: T[], placed: T[]): T[] {
  const byId = new Map(placed.map((p) => [p.id, p]));
  return boxes.map((b) => byId.get(b.id) as T);
}

/** Moves every box up as far as it can, in reading order; a compact layout comes back unchanged. */
export function compact<T extends Box>(boxes: T[]): T[] {
  return inOriginalOrder(boxes, settle([...boxes].sort(readingOrder)));
}

/** True when no box could rise by a row (each sits on row 0 or on a box) and none overlap. */
export function isCompact(boxes: Box[]): boolean {
  return boxes.every(
    (b, i) =>
      boxes.every((o, j) => i === j || !overlaps(o, b)) &&
      (b.y === 0 || boxes.some((o) => o.id !== b.id && overlaps(o, { ...b, y: b.y - 1 }))),
  );
}

/**
 * Settles the layout with `box` (already where it was dropped or sized) taking its turn just
 * before the first other box, in reading order, for which `before` holds: it claims its spot
 * ahead of those, and they make room below it.
 */
function settleWith<T extends Box>(boxes: T[], box: T, before: (other: T) => boolean): T[] {
  const others = boxes.filter((b) => b.id !== box.id).sort(readingOrder);
  const at = others.findIndex(before);
  const sequence = at === -1 ? [...others, box] : [...others.slice(0, at), box, ...others.slice(at)];
  return inOriginalOrder(boxes, settle(sequence));
}

/**
 * Moves a box to a cell, then compacts. Other boxes make room, then everything rises:
 * - within its row, a box it lands on that fits where the moved box was swaps places with it;
 * - moved up, it goes ahead of every box its new top edge reaches into (they go below it);
 * - moved down, it goes after every box that starts above its new bottom edge (they rise above it),
 *   so one row down by keyboard passes the box underneath.
 * The moved box keeps the column it was dropped on.
 */
export function moveBox<T extends Box>(boxes: T[], id: string, to: { x: number; y: number }): T[] {
  const from = boxes.find((b) => b.id === id);
  if (!from) return compact(boxes);
  const moved = { ...from, x: clamp(to.x, 0, GRID_COLUMNS - from.w), y: Math.max(0, to.y) };
  let rest = boxes.filter((b) => b.id !== id);
  if (moved.y === from.y && moved.x !== from.x) rest = swapWithin(rest, moved, moved.x - from.x);
  const all = boxes.map((b) => (b.id === id ? moved : (rest.find((r) => r.id === b.id) as T)));
  if (moved.y > from.y) return settleWith(all, moved, (o) => o.y >= moved.y + moved.h);
  // Up or sideways: ahead of the boxes it now covers, and of everything from its row on.
  const covered = rest.filter((o) => overlaps(o, moved)).reduce((m, o) => Math.min(m, o.y), moved.y);
  return settleWith(all, moved, (o) => o.y >= covered);
}

/** Boxes the moved box landed on go, shifted back by the move, to where it came from, if they all fit there. */
function swapWithin<T extends Box>(rest: T[], moved: Box, dx: number): T[] {
  const hit = rest.filter((o) => overlaps(o, moved));
  if (hit.length === 0) return rest;
  const shifted = hit.map((o) => ({ ...o, x: o.x - dx }));
  const stay = rest.filter((o) => !hit.includes(o));
  const fits = shifted.every((s) => s.x >= 0 && s.x + s.w <= GRID_COLUMNS && !overlaps(s, moved) && !stay.some((o) => overlaps(o, s)));
  if (!fits) return rest;
  return rest.map((o) => shifted.find((s) => s.id === o.id) ?? o);
}

/** Resizes a box in place (its corner follows), pushes what it now covers below it, then compacts. */
export function resizeBox<T extends Box>(boxes: T[], id: string, size: { w: number; h: number }): T[] {
  const from = boxes.find((b) => b.id === id);
  if (!from) return compact(boxes);
  const sized = { ...from, w: clamp(size.w, 1, GRID_COLUMNS - from.x), h: clamp(size.h, 1, MAX_ROWS) };
  const all = boxes.map((b) => (b.id === id ? sized : b));
  const covered = all.filter((o) => o.id !== id && overlaps(o, sized)).reduce((m, o) => Math.min(m, o.y), sized.y);
  return settleWith(all, sized, (o) => o.y >= covered);
}

/** Takes a box out and lets the rest rise into the room it leaves. */
export function removeBox<T extends Box>(boxes: T[], id: string): T[] {
  return compact(boxes.filter((b) => b.id !== id));
}

/**
 * The first free slot for a new box: the top-most row where it fits, then the left-most column.
 * In a compact layout nothing above it is free, so it adds no gap. The given boxes stay where
 * they are (use addBox to compact them first).
 */
export function placeNew(boxes: Box[], size: { w: number; h: number }): { x: number; y: number } {
  const w = clamp(size.w, 1, GRID_COLUMNS);
  const bottom = boxes.reduce((m, b) => Math.max(m, b.y + b.h), 0);
  for (let y = 0; y <= bottom; y += 1) {
    for (let x = 0; x + w <= GRID_COLUMNS; x += 1) {
      const candidate = { id: "", x, y, w, h: size.h };
      if (!boxes.some((b) => overlaps(b, candidate))) return { x, y };
    }
  }
  return { x: 0, y: bottom };
}

/** Compacts the layout (closing holes a stored layout may have) and adds `box` in its first free slot. */
export function addBox<T extends Box>(boxes: T[], box: Omit<T, "x" | "y">): T[] {
  const settled = compact(boxes);
  const w = clamp(box.w, 1, GRID_COLUMNS);
  return [...settled, { ...box, w, ...placeNew(settled, { w, h: box.h }) } as T];
}
