import { describe, expect, it } from "vitest";
import { SHORT_WINDOW, likelihoodSurprise, recordScore, shortMean, type LikelihoodState } from "./surprise-likelihood";
import { seededRandom } from "./testing/synthetic-series";

const params = { likelihoodMemory: 8000, likelihoodWarm: 300, likelihoodFloor: 0.035 };

function fresh(): LikelihoodState {
  return { recentScores: new Float64Array(SHORT_WINDOW), recentScoresAt: 0, likelihoodN: 0, likelihoodMean: 0, likelihoodVar: 0 };
}

/** Feeds scores the way the detector does: the short mean including the new score, then records it. */
function feed(state: LikelihoodState, scores: number[]): number[] {
  return scores.map((s) => {
    const mean = shortMean(state, s);
    const surprise = likelihoodSurprise(state, mean, params);
    recordScore(state, s, mean, params);
    return surprise;
  });
}

describe("the unusual-run likelihood", () => {
  const random = seededRandom(3);
  const ordinary = () => Array.from({ length: 2000 }, () => (random() < 0.05 ? 0.3 : 0.05 * random()));

  it("says nothing before it has seen enough runs", () => {
    const state = fresh();
    expect(feed(state, Array.from({ length: params.likelihoodWarm - 1 }, () => 0.9)).every((s) => s === 0)).toBe(true);
  });

  it("finds the series' usual mix of calm and occasional surprise unremarkable", () => {
    const state = fresh();
    feed(state, ordinary());
    expect(Math.max(...feed(state, ordinary()))).toBeLessThan(3);
  });

  it("finds a run of surprises denser than the series ever had far less likely than any one of them", () => {
    const state = fresh();
    feed(state, ordinary());
    const run = feed(state, Array.from({ length: SHORT_WINDOW }, () => 0.3));
    expect(run.at(-1)).toBeGreaterThan(6);
    expect(run[0]).toBeLessThan(run.at(-1) as number);
  });

  it("keeps the short window to its last SHORT_WINDOW scores", () => {
    const state = fresh();
    feed(state, Array.from({ length: SHORT_WINDOW }, () => 1));
    expect(shortMean(state, 0)).toBeCloseTo((SHORT_WINDOW - 1) / SHORT_WINDOW, 12);
  });
});
