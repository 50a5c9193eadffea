import { describe, expect, it } from "vitest";
import { GRID_COLUMNS } from "./constants";
import { addBox, compact, isCompact, moveBox, placeNew, removeBox, resizeBox, type Box } from "./layout";

const b = (id: string, x: number, y: number, w: number, h: number): Box => ({ id, x, y, w, h });
const noOverlap = (boxes: Box[]) =>
  boxes.every((p, i) => boxes.every((q, j) => i === j || p.x >= q.x + q.w || q.x >= p.x + p.w || p.y >= q.y + q.h || q.y >= p.y + p.h));
const at = (boxes: Box[], id: string) => boxes.find((x) => x.id === id)!;
const positions = (boxes: Box[]) => Object.fromEntries(boxes.map((x) => [x.id, [x.x, x.y, x.w, x.h]]));
/** Every box inside the 12 columns, on a row >= 0, at least one cell in each direction. */
const inBounds = (boxes: Box[]) => boxes.every((x) => x.x >= 0 && x.y >= 0 && x.w >= 1 && x.h >= 1 && x.x + x.w <= GRID_COLUMNS);

/** The demo dashboard's grid: four 3-wide numbers, then 8+4, 5+7, 6+6, 6+6. */
const demo = () => [
  b("signups", 0, 0, 3, 2), b("revenue", 3, 0, 3, 2), b("orders", 6, 0, 3, 2), b("p95", 9, 0, 3, 2),
  b("graph", 0, 2, 8, 4), b("pie", 8, 2, 4, 4),
  b("bar", 0, 6, 5, 4), b("table", 5, 6, 7, 4),
  b("heat1", 0, 10, 6, 4), b("heat2", 6, 10, 6, 4),
];

// A small deterministic PRNG so a failing case can be replayed from its seed.
function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s % n;
  };
}

function randomLayout(rand: (n: number) => number, count: number): Box[] {
  return Array.from({ length: count }, (_, i) => {
    const w = 1 + rand(GRID_COLUMNS);
    return b(`b${i}`, rand(GRID_COLUMNS - w + 1), rand(30), w, 1 + rand(6));
  });
}

describe("compaction", () => {
  it("raises every box as far as it can, in reading order, keeping columns", () => {
    const out = compact([b("a", 0, 5, 4, 2), b("b", 0, 9, 6, 3), b("c", 6, 4, 6, 1)]);
    expect(positions(out)).toEqual({ a: [0, 0, 4, 2], b: [0, 2, 6, 3], c: [6, 0, 6, 1] });
    expect(isCompact(out)).toBe(true);
  });

  it("does not fill a hole under a wider box: boxes only rise, never pass one another", () => {
    const layout = [b("top", 0, 0, 3, 2), b("wide", 0, 2, 8, 2), b("under", 4, 4, 2, 2)];
    expect(compact(layout)).toEqual(layout);
  });

  it("is idempotent and keeps the caller's array order", () => {
    const once = compact([b("z", 0, 7, 12, 1), b("y", 2, 3, 3, 3), b("x", 0, 0, 1, 1)]);
    expect(once.map((x) => x.id)).toEqual(["z", "y", "x"]);
    expect(compact(once)).toEqual(once);
  });

  it("spreads stacked (overlapping) stored boxes downward without losing any", () => {
    const out = compact([b("a", 0, 0, 6, 2), b("b", 0, 0, 6, 2), b("c", 3, 1, 6, 2)]);
    expect(noOverlap(out)).toBe(true);
    expect(isCompact(out)).toBe(true);
    expect(out.map((x) => x.y)).toEqual([0, 2, 4]);
  });
});

describe("moving a box", () => {
  it("closes the hole it leaves: the boxes under it rise", () => {
    const out = moveBox([b("a", 0, 0, 6, 2), b("b", 0, 2, 6, 3), b("c", 6, 0, 6, 1)], "a", { x: 6, y: 1 });
    expect(positions(out)).toEqual({ a: [6, 1, 6, 2], b: [0, 0, 6, 3], c: [6, 0, 6, 1] });
    expect(isCompact(out)).toBe(true);
  });

  it("floats a box dropped below everything up to the first row where it rests", () => {
    const out = moveBox([b("a", 0, 0, 4, 2), b("b", 4, 0, 4, 3)], "a", { x: 8, y: 9 });
    expect(at(out, "a")).toMatchObject({ x: 8, y: 0 });
    expect(at(out, "b")).toMatchObject({ x: 4, y: 0 });
  });

  it("keeps a moved box inside the 12 columns and its column where dropped", () => {
    expect(moveBox([b("a", 0, 0, 4, 2)], "a", { x: 11, y: 3 })[0]).toMatchObject({ x: 8, y: 0 });
    expect(moveBox([b("a", 4, 0, 4, 2)], "a", { x: -3, y: -2 })[0]).toMatchObject({ x: 0, y: 0 });
  });

  it("swaps places with a box of its row it lands on when that box fits where it was", () => {
    const out = moveBox(demo(), "signups", { x: 3, y: 0 });
    expect(at(out, "signups")).toMatchObject({ x: 3, y: 0 });
    expect(at(out, "revenue")).toMatchObject({ x: 0, y: 0 });
    // Everything else untouched.
    expect(out.slice(2)).toEqual(demo().slice(2));
  });

  it("pushes a box it lands on below it when they cannot swap, then compacts", () => {
    const out = moveBox([b("a", 0, 0, 3, 2), b("wide", 3, 0, 9, 2), b("under", 0, 2, 12, 1)], "a", { x: 4, y: 0 });
    expect(positions(out)).toEqual({ a: [4, 0, 3, 2], wide: [3, 2, 9, 2], under: [0, 4, 12, 1] });
    expect(isCompact(out)).toBe(true);
  });

  it("one row down passes the box underneath (keyboard: space, down, space)", () => {
    const out = moveBox([b("a", 0, 0, 6, 2), b("b", 0, 2, 6, 2), b("c", 0, 4, 6, 2)], "a", { x: 0, y: 1 });
    expect(out.map((x) => [x.id, x.y])).toEqual([["a", 2], ["b", 0], ["c", 4]]);
  });

  it("one row up passes the box above it", () => {
    const out = moveBox([b("a", 0, 0, 6, 2), b("b", 0, 2, 6, 2), b("c", 0, 4, 6, 2)], "c", { x: 0, y: 3 });
    expect(out.map((x) => [x.id, x.y])).toEqual([["a", 0], ["b", 4], ["c", 2]]);
  });

  it("moved down past several boxes goes after all of them, and they rise in order", () => {
    const out = moveBox([b("a", 0, 0, 6, 2), b("b", 0, 2, 6, 2), b("c", 0, 4, 6, 2), b("d", 0, 6, 6, 2)], "a", { x: 0, y: 4 });
    expect(out.map((x) => [x.id, x.y])).toEqual([["a", 4], ["b", 0], ["c", 2], ["d", 6]]);
  });

  it("compacts a stored layout that has holes on the first move", () => {
    const out = moveBox([b("a", 0, 0, 6, 2), b("far", 0, 8, 6, 2), b("side", 6, 5, 6, 2)], "a", { x: 0, y: 0 });
    expect(positions(out)).toEqual({ a: [0, 0, 6, 2], far: [0, 2, 6, 2], side: [6, 0, 6, 2] });
  });
});

describe("resizing a box", () => {
  it("pushes what it now covers below it, then everything rises", () => {
    const out = resizeBox([b("a", 0, 0, 4, 2), b("b", 4, 0, 4, 2), b("c", 8, 0, 4, 5)], "a", { w: 8, h: 3 });
    expect(positions(out)).toEqual({ a: [0, 0, 8, 3], b: [4, 3, 4, 2], c: [8, 0, 4, 5] });
    expect(isCompact(out)).toBe(true);
  });

  it("lets boxes below rise when it shrinks", () => {
    const out = resizeBox([b("a", 0, 0, 12, 4), b("b", 0, 4, 6, 2)], "a", { w: 12, h: 1 });
    expect(at(out, "b").y).toBe(1);
  });

  it("stays within the grid and between 1 and 20 rows", () => {
    expect(resizeBox([b("a", 6, 0, 4, 2)], "a", { w: 20, h: 0 })[0]).toMatchObject({ w: 6, h: 1 });
    expect(resizeBox([b("a", 0, 0, 4, 2)], "a", { w: 0, h: 99 })[0]).toMatchObject({ w: 1, h: 20 });
  });
});

describe("adding and removing", () => {
  it("places a new box in the top-most, then left-most, free slot", () => {
    expect(placeNew([b("a", 0, 0, 6, 2)], { w: 6, h: 2 })).toEqual({ x: 6, y: 0 });
    expect(placeNew([b("a", 0, 0, 12, 2)], { w: 4, h: 2 })).toEqual({ x: 0, y: 2 });
    expect(placeNew([b("a", 0, 0, 3, 2), b("b", 6, 0, 6, 1)], { w: 4, h: 2 })).toEqual({ x: 3, y: 1 });
    expect(placeNew([], { w: 4, h: 2 })).toEqual({ x: 0, y: 0 });
    expect(placeNew([b("a", 0, 0, 3, 2)], { w: 30, h: 2 })).toEqual({ x: 0, y: 2 });
  });

  it("fills a hole left under a wide box rather than going to the bottom", () => {
    const layout = removeBox(demo(), "orders");
    expect(placeNew(layout, { w: 3, h: 2 })).toEqual({ x: 6, y: 0 });
  });

  it("adds into the compacted layout, so a stored layout's holes are gone and none is created", () => {
    const out = addBox([b("a", 0, 4, 6, 2), b("b", 0, 9, 12, 3)], { id: "new", w: 6, h: 2 });
    expect(positions(out)).toEqual({ a: [0, 0, 6, 2], b: [0, 2, 12, 3], new: [6, 0, 6, 2] });
    expect(isCompact(out)).toBe(true);
  });

  it("removing a box lets the boxes under it rise", () => {
    const out = removeBox([b("a", 0, 0, 6, 3), b("b", 0, 3, 6, 2), b("c", 6, 0, 6, 2)], "a");
    expect(positions(out)).toEqual({ b: [0, 0, 6, 2], c: [6, 0, 6, 2] });
  });
});

describe("properties over random layouts and edits", () => {
  it("never overlaps, never leaves a box that could rise, never loses a box, and compaction is idempotent", () => {
    for (let seed = 1; seed <= 400; seed += 1) {
      const rand = rng(seed);
      let layout = compact(randomLayout(rand, 1 + rand(14)));
      for (let step = 0; step < 12; step += 1) {
        const target = layout[rand(layout.length)];
        const op = rand(4);
        if (op === 0) layout = moveBox(layout, target.id, { x: rand(GRID_COLUMNS + 2) - 1, y: rand(40) - 2 });
        else if (op === 1) layout = moveBox(layout, target.id, { x: target.x + rand(3) - 1, y: target.y + rand(3) - 1 });
        else if (op === 2) layout = resizeBox(layout, target.id, { w: rand(GRID_COLUMNS + 2), h: rand(8) });
        else layout = layout.length > 1 ? removeBox(layout, target.id) : addBox(layout, { id: `n${seed}-${step}`, w: 1 + rand(12), h: 1 + rand(4) });
        if (rand(3) === 0) layout = addBox(layout, { id: `a${seed}-${step}`, w: 1 + rand(12), h: 1 + rand(4) });
        const context = `seed ${seed}, step ${step}`;
        expect(noOverlap(layout), context).toBe(true);
        expect(inBounds(layout), context).toBe(true);
        expect(isCompact(layout), context).toBe(true);
        expect(compact(layout), context).toEqual(layout);
        expect(new Set(layout.map((x) => x.id)).size, context).toBe(layout.length);
      }
    }
  });

  it("a moved box ends in the column it was dropped on, and a resized box at the size asked (within the grid)", () => {
    for (let seed = 1; seed <= 200; seed += 1) {
      const rand = rng(seed * 7919);
      const layout = compact(randomLayout(rand, 2 + rand(10)));
      const target = layout[rand(layout.length)];
      const x = rand(GRID_COLUMNS);
      expect(at(moveBox(layout, target.id, { x, y: rand(20) }), target.id).x).toBe(Math.min(x, GRID_COLUMNS - target.w));
      const w = 1 + rand(GRID_COLUMNS);
      const h = 1 + rand(10);
      expect(at(resizeBox(layout, target.id, { w, h }), target.id)).toMatchObject({ x: target.x, w: Math.min(w, GRID_COLUMNS - target.x), h });
    }
  });
});
