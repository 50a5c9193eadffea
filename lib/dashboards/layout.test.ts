import { describe, expect, it } from "vitest";
import { compact, moveBox, placeNew, resizeBox, type Box } from "./layout";

const b = (id: string, x: number, y: number, w: number, h: number): Box => ({ id, x, y, w, h });
const noOverlap = (boxes: Box[]) =>
  boxes.every((p, i) => boxes.every((q, j) => i === j || p.x >= q.x + q.w || q.x >= p.x + p.w || p.y >= q.y + q.h || q.y >= p.y + p.h));

describe("grid layout", () => {
  it("moves a box and pushes the one it lands on below it", () => {
    const out = moveBox([b("a", 0, 0, 6, 2), b("b", 6, 0, 6, 2)], "a", { x: 6, y: 0 });
    expect(out.find((x) => x.id === "a")).toMatchObject({ x: 6, y: 0 });
    expect(out.find((x) => x.id === "b")).toMatchObject({ x: 6, y: 2 });
    expect(noOverlap(out)).toBe(true);
  });

  it("keeps a moved box inside the 12 columns", () => {
    const out = moveBox([b("a", 0, 0, 4, 2)], "a", { x: 11, y: 3 });
    expect(out[0]).toMatchObject({ x: 8, y: 3 });
  });

  it("leaves boxes where people put them, gaps included, and pushes down only what is covered", () => {
    expect(compact([b("a", 0, 5, 4, 2)])[0].y).toBe(5);
    const out = moveBox([b("a", 0, 0, 4, 2), b("b", 0, 2, 4, 2), b("c", 0, 4, 4, 2)], "a", { x: 0, y: 1 });
    expect(out.map((x) => x.y)).toEqual([1, 3, 5]);
  });

  it("resizes within bounds and reflows neighbours", () => {
    const out = resizeBox([b("a", 0, 0, 4, 2), b("b", 4, 0, 4, 2)], "a", { w: 8, h: 3 });
    expect(out[0]).toMatchObject({ w: 8, h: 3 });
    expect(out[1].y).toBe(3);
    expect(resizeBox([b("a", 6, 0, 4, 2)], "a", { w: 20, h: 0 })[0]).toMatchObject({ w: 6, h: 1 });
  });

  it("places a new box in the first free spot", () => {
    expect(placeNew([b("a", 0, 0, 6, 2)], { w: 6, h: 2 })).toEqual({ x: 6, y: 0 });
    expect(placeNew([b("a", 0, 0, 12, 2)], { w: 4, h: 2 })).toEqual({ x: 0, y: 2 });
  });
});
