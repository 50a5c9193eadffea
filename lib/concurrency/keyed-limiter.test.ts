import { describe, expect, it } from "vitest";
import { createKeyedLimiter, QueueFullError, type KeyedLimiter } from "./keyed-limiter";

/** A task that runs until the test finishes it, recording when it started. */
function gate(log: string[], name: string) {
  let finish!: (v: string) => void;
  let fail!: (e: Error) => void;
  const done = new Promise<string>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return {
    task: () => {
      log.push(name);
      return done;
    },
    finish: () => finish(name),
    fail: (message: string) => fail(new Error(message)),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

/** Submits `count` gated tasks under `key`, named key1, key2, … */
function submit(limiter: KeyedLimiter, log: string[], key: string, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const g = gate(log, `${key}${i + 1}`);
    return { ...g, result: limiter.run(key, g.task) };
  });
}

describe("createKeyedLimiter", () => {
  it("runs exactly `concurrency` tasks at once, never more, until all are done", async () => {
    const limiter = createKeyedLimiter({ concurrency: 3 });
    let running = 0;
    let peak = 0;
    const tasks = Array.from({ length: 20 }, (_, i) =>
      limiter.run(`k${i % 4}`, async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 1 + (i % 3)));
        running -= 1;
        return i;
      }),
    );
    expect(limiter.active).toBe(3);
    expect(limiter.waiting).toBe(17);
    expect(await Promise.all(tasks)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(peak).toBe(3);
    expect([limiter.active, limiter.waiting]).toEqual([0, 0]);
  });

  it("starts one key's tasks in the order they were submitted", async () => {
    const log: string[] = [];
    const limiter = createKeyedLimiter({ concurrency: 2 });
    const tasks = submit(limiter, log, "a", 6);
    await settle();
    expect(log).toEqual(["a1", "a2"]);
    for (const t of tasks) {
      t.finish();
      await settle();
    }
    expect(log).toEqual(["a1", "a2", "a3", "a4", "a5", "a6"]);
    expect(await Promise.all(tasks.map((t) => t.result))).toEqual(["a1", "a2", "a3", "a4", "a5", "a6"]);
  });

  it("frees the slot of a task that fails or throws, and passes its error on", async () => {
    const log: string[] = [];
    const limiter = createKeyedLimiter({ concurrency: 1 });
    const [first, second] = submit(limiter, log, "a", 2);
    const third = limiter.run("a", () => {
      throw new Error("thrown before any await");
    });
    const fourth = gate(log, "a4");
    const fourthResult = limiter.run("a", fourth.task);
    await settle();
    first.fail("boom");
    await expect(first.result).rejects.toThrow("boom");
    await settle();
    expect(log).toEqual(["a1", "a2"]);
    second.finish();
    await expect(third).rejects.toThrow("thrown before any await");
    await settle();
    expect(log).toEqual(["a1", "a2", "a4"]);
    fourth.finish();
    expect(await fourthResult).toBe("a4");
    expect([limiter.active, limiter.waiting]).toEqual([0, 0]);
  });

  it("never runs more than `perKey` tasks of one key, leaving the other slots to other keys", async () => {
    const log: string[] = [];
    const limiter = createKeyedLimiter({ concurrency: 4, perKey: 3 });
    const big = submit(limiter, log, "a", 10);
    await settle();
    expect(log).toEqual(["a1", "a2", "a3"]);
    expect(limiter.active).toBe(3);
    const small = submit(limiter, log, "b", 1);
    await settle();
    // b starts at once in the slot a may not take.
    expect(log).toEqual(["a1", "a2", "a3", "b1"]);
    small[0].finish();
    await settle();
    expect(log).toEqual(["a1", "a2", "a3", "b1"]);
    big[0].finish();
    await settle();
    expect(log).toEqual(["a1", "a2", "a3", "b1", "a4"]);
  });

  it("hands freed slots to waiting keys in turn, so a key's one task never waits behind another key's long queue", async () => {
    const log: string[] = [];
    const limiter = createKeyedLimiter({ concurrency: 2 });
    const a = submit(limiter, log, "a", 8);
    const b = submit(limiter, log, "b", 2);
    const c = submit(limiter, log, "c", 1);
    await settle();
    expect(log).toEqual(["a1", "a2"]);
    for (const t of [a[0], a[1], b[0], c[0], a[2], b[1]]) {
      t.finish();
      await settle();
    }
    // After a1, a2: b, c, a take turns (a3 after b1 and c1, not before).
    expect(log).toEqual(["a1", "a2", "b1", "c1", "a3", "b2", "a4", "a5"]);
  });

  it("refuses a task when its key already has `queuePerKey` waiting, without affecting other keys", async () => {
    const log: string[] = [];
    const limiter = createKeyedLimiter({ concurrency: 1, queuePerKey: 2 });
    const a = submit(limiter, log, "a", 3);
    const refused = limiter.run("a", async () => "never");
    await expect(refused).rejects.toBeInstanceOf(QueueFullError);
    await expect(refused).rejects.toMatchObject({ key: "a", limit: 2 });
    const b = submit(limiter, log, "b", 2);
    expect(limiter.waiting).toBe(4);
    for (const t of [a[0], b[0], a[1], b[1], a[2]]) {
      t.finish();
      await settle();
    }
    expect(log).toEqual(["a1", "b1", "a2", "b2", "a3"]);
    expect(log).not.toContain("never");
    // Once the queue has room again, the key is served again.
    expect(await limiter.run("a", async () => "again")).toBe("again");
  });

  it("treats perKey above concurrency as concurrency", async () => {
    const log: string[] = [];
    const limiter = createKeyedLimiter({ concurrency: 2, perKey: 10 });
    submit(limiter, log, "a", 5);
    await settle();
    expect(log).toEqual(["a1", "a2"]);
    expect(limiter.active).toBe(2);
  });
});
