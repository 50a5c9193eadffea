// Tail probabilities that turn a residual into "how unlikely": Gaussian for dense values,
// Poisson / negative binomial for counts, where a few events an hour are normal noise.

/** Upper tail of the standard normal, P(Z >= z), accurate far into the tail (Abramowitz–Stegun 7.1.26 via erfc). */
export function normalUpperTail(z: number): number {
  if (z < 0) return 1 - normalUpperTail(-z);
  const x = z / Math.SQRT2;
  // erfc by a continued-fraction-free rational approximation (W. J. Cody style), rel. error < 1.2e-7
  const t = 1 / (1 + 0.5 * x);
  const tau =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return tau / 2;
}

/**
 * Negative binomial with mean `mean` and variance `mean + mean²/size` (size = Infinity: Poisson).
 * Returns P(X <= k) and P(X >= k) for an integer k >= 0. The pmf is walked by its recurrence,
 * so a call costs O(k) multiplications.
 */
export function countTails(k: number, mean: number, size: number): { lower: number; upper: number } {
  const mu = Math.max(mean, 1e-9);
  if (k < 0) return { lower: 0, upper: 1 };
  if (k > 5000 || mu > 2000) {
    // Far from sparse: a normal approximation with continuity correction is plenty.
    const sd = Math.sqrt(mu + (Number.isFinite(size) ? (mu * mu) / size : 0));
    return { lower: 1 - normalUpperTail((k + 0.5 - mu) / sd), upper: normalUpperTail((k - 0.5 - mu) / sd) };
  }
  const pmf = countPmf(mu, size);
  let below = 0; // P(X < k)
  let p = pmf.first;
  for (let j = 0; j < k; j++) {
    below += p;
    p *= pmf.ratio(j);
  }
  below = Math.min(1, below);
  return { lower: Math.min(1, below + p), upper: Math.max(0, 1 - below) };
}

function countPmf(mu: number, size: number): { first: number; ratio: (j: number) => number } {
  if (!Number.isFinite(size) || size > 1e6) return { first: Math.exp(-mu), ratio: (j) => mu / (j + 1) };
  const q = mu / (size + mu);
  return { first: Math.exp(size * Math.log(size / (size + mu))), ratio: (j) => ((j + size) / (j + 1)) * q };
}

/** Smallest k with P(X <= k) >= q, for drawing a count band. */
export function countQuantile(q: number, mean: number, size: number): number {
  if (mean <= 0) return 0;
  const mu = mean;
  if (mu > 2000) {
    const sd = Math.sqrt(mu + (Number.isFinite(size) ? (mu * mu) / size : 0));
    const z = q >= 0.5 ? normalQuantileUpper(1 - q) : -normalQuantileUpper(q);
    return Math.max(0, Math.round(mu + z * sd));
  }
  const pmf = countPmf(mu, size);
  let cumulative = 0;
  let p = pmf.first;
  for (let k = 0; k < 100_000; k++) {
    cumulative += p;
    if (cumulative >= q) return k;
    p *= pmf.ratio(k);
  }
  return 100_000;
}

/** Inverse of normalUpperTail for p in (0, 0.5]: the z with P(Z >= z) = p (bisection; called rarely). */
export function normalQuantileUpper(p: number): number {
  let lo = 0;
  let hi = 40;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (normalUpperTail(mid) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** log10 P(Z >= z), without underflow far in the tail (asymptotic series beyond z = 6). */
export function normalLog10UpperTail(z: number): number {
  if (z < 6) return Math.log10(Math.max(normalUpperTail(z), 1e-300));
  const logPdf = -0.5 * z * z - 0.5 * Math.log(2 * Math.PI);
  const series = 1 - 1 / (z * z) + 3 / z ** 4 - 15 / z ** 6;
  return (logPdf - Math.log(z) + Math.log(series)) / Math.LN10;
}
