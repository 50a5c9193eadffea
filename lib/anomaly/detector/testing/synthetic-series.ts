// Seeded synthetic series for the detector's tests: reproducible noise, daily and weekly
// shapes, Poisson counts.

export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export function poisson(random: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

export const START = Date.UTC(2026, 0, 5); // a Monday, 00:00 UTC

/** Business-like traffic: a daily hump, quieter weekends, multiplicative noise. */
export function seasonalValue(t: number, random: () => number, noise = 0.08): number {
  const hour = ((t / 3_600_000) % 24 + 24) % 24;
  const day = Math.floor((t - START) / 86_400_000) % 7;
  const daily = 100 + 60 * Math.sin(((hour - 6) / 24) * 2 * Math.PI);
  const weekly = day >= 5 ? 0.6 : 1;
  return daily * weekly * (1 + noise * gaussian(random));
}
