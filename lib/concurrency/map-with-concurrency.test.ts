import { describe, expect, it } from "vitest";
import { mapWithConcurrency } from "./map-with-concurrency";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("mapWithConcurrency", () => {
  it("keeps exactly `limit` calls in flight while items remain", async () => {
    let running = 0;
    const seen: number[] = [];
    const out = await mapWithConcurrency(Array.from({ length: 25 }, (_, i) => i), 4, async (i) => {
      running += 1;
      seen.push(running);
      await sleep(1 + (i % 4));
      running -= 1;
      return i * 2;
    });
    expect(out).toEqual(Array.from({ length: 25 }, (_, i) => i * 2));
    expect(Math.max(...seen)).toBe(4);
    // Every start until the last three (the tail) found the other three still running.
    expect(seen.slice(3, 22).every((n) => n === 4)).toBe(true);
  });

  it("starts items in order and returns results in item order, whatever order they finish in", async () => {
    const started: string[] = [];
    const out = await mapWithConcurrency(["slow", "fast", "mid", "last"], 2, async (item, index) => {
      started.push(item);
      await sleep({ slow: 30, fast: 1, mid: 10, last: 1 }[item]!);
      return `${index}:${item}`;
    });
    expect(started).toEqual(["slow", "fast", "mid", "last"]);
    expect(out).toEqual(["0:slow", "1:fast", "2:mid", "3:last"]);
  });

  it("rejects with the first failure and starts no further item", async () => {
    const started: number[] = [];
    const run = mapWithConcurrency([0, 1, 2, 3, 4, 5], 2, async (i) => {
      started.push(i);
      await sleep(i === 1 ? 1 : 20);
      if (i === 1) throw new Error("item 1 failed");
      return i;
    });
    await expect(run).rejects.toThrow("item 1 failed");
    await sleep(50);
    expect(started).toEqual([0, 1]);
  });

  it("answers an empty list with an empty list and runs everything at once under a high limit", async () => {
    expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([]);
    let running = 0;
    let peak = 0;
    await mapWithConcurrency([1, 2, 3], 10, async () => {
      peak = Math.max(peak, ++running);
      await sleep(1);
      running -= 1;
    });
    expect(peak).toBe(3);
  });
});
