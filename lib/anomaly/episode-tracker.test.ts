import { describe, expect, it } from "vitest";
import { matchesNormal, RECOVERY_BUCKETS, trackEpisode, type Episode, type Judged } from "./episode-tracker";

const B = 300_000;
const normal = (t: number, value = 100): Judged => ({ t, value, expected: 100, lower: 90, upper: 110, score: 0.01, anomalous: false, kind: null });
const odd = (t: number, value: number, kind: Judged["kind"], score = 0.9): Judged => ({ t, value, expected: 100, lower: 90, upper: 110, score, anomalous: true, kind });

function feed(judged: Judged[]) {
  let open: Episode | null = null;
  const all: Episode[] = [];
  for (const j of judged) {
    const step = trackEpisode(open, j, B);
    if (step.started) all.push(step.started);
    open = step.open;
  }
  return { open, all };
}

describe("episodes", () => {
  it("one ongoing anomaly is one episode that grows and keeps its peak", () => {
    const { open, all } = feed([normal(0), odd(B, 300, "spike", 0.7), odd(2 * B, 400, "spike", 0.95), odd(3 * B, 250, "spike", 0.6)]);
    expect(all).toHaveLength(1);
    expect(open).toMatchObject({ kind: "spike", startedAt: B, lastAnomalousAt: 3 * B, endedAt: null, peakScore: 0.95, peakAt: 2 * B, actual: 400 });
  });

  it("closes once the series has been normal for the recovery buckets, ending after the last anomalous bucket", () => {
    const judged = [odd(0, 300, "spike")];
    for (let i = 1; i < RECOVERY_BUCKETS; i++) judged.push(normal(i * B));
    const still = feed(judged);
    expect(still.open?.endedAt).toBeNull();
    const { open, all } = feed([...judged, normal(RECOVERY_BUCKETS * B)]);
    expect(open).toBeNull();
    expect(all[0]).toMatchObject({ endedAt: B, lastAnomalousAt: 0 });
  });

  it("a short normal gap does not split an episode", () => {
    const { all, open } = feed([odd(0, 300, "spike"), normal(B), odd(2 * B, 320, "spike")]);
    expect(all).toHaveLength(1);
    expect(open?.lastAnomalousAt).toBe(2 * B);
  });

  it("a move the other way closes the episode and starts another", () => {
    const { all, open } = feed([odd(0, 300, "spike"), odd(B, 10, "drop")]);
    expect(all.map((e) => e.kind)).toEqual(["spike", "drop"]);
    expect(all[0].endedAt).toBe(B);
    expect(open).toBe(all[1]);
  });

  it("a spike that persists becomes a level shift; a drop to nothing a silence", () => {
    expect(feed([odd(0, 300, "spike"), odd(B, 300, "level_shift")]).open?.kind).toBe("level_shift");
    expect(feed([odd(0, 10, "drop"), odd(B, 0, "silence")]).open?.kind).toBe("silence");
  });

  it("a silence lasts while nothing arrives and starts where the quiet began", () => {
    const { open } = feed([normal(0, 0), normal(B, 0), { ...odd(2 * B, 0, "silence"), since: 0 }, normal(3 * B, 0), normal(4 * B, 0), normal(5 * B, 0), normal(6 * B, 0)]);
    expect(open).toMatchObject({ kind: "silence", startedAt: 0, lastAnomalousAt: 6 * B, actual: 0 });
    expect(feed([{ ...odd(0, 0, "silence"), since: 0 }, normal(B, 5), normal(2 * B, 5), normal(3 * B, 5)]).open).toBeNull();
  });
});

describe("said-normal patterns", () => {
  const said = [{ kind: "spike" as const, actual: 300, expected: 100 }];
  it("match the same kind with a deviation within a factor of two", () => {
    expect(matchesNormal({ kind: "spike", actual: 280, expected: 100 }, said)).toBe(true);
    expect(matchesNormal({ kind: "spike", actual: 210, expected: 100 }, said)).toBe(true);
    expect(matchesNormal({ kind: "spike", actual: 1000, expected: 100 }, said)).toBe(false);
    expect(matchesNormal({ kind: "spike", actual: 130, expected: 100 }, said)).toBe(false);
    expect(matchesNormal({ kind: "drop", actual: 0, expected: 100 }, said)).toBe(false);
    expect(matchesNormal({ kind: "level_shift", actual: 300, expected: 100 }, said)).toBe(false);
    expect(matchesNormal({ kind: "spike", actual: 300, expected: 100 }, [])).toBe(false);
  });
  it("any silence of a series said normal is normal", () => {
    expect(matchesNormal({ kind: "silence", actual: 0, expected: 5 }, [{ kind: "silence", actual: 0, expected: 50 }])).toBe(true);
  });
});
