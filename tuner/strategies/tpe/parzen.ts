import type { Rng } from '../../../lib/random.ts';

/** A one-dimensional density that can be drawn from and evaluated, on one parameter's internal coordinate. */
export interface Density {
  sample(rng: Rng): number;
  logPdf(x: number): number;
}

/**
 * Parzen estimator on [lo, hi] (Bergstra et al. 2011, bandwidths as in Optuna): a truncated Gaussian at each
 * observation plus a wide prior at the centre. Each bandwidth is the larger gap to its sorted neighbours (bounds
 * included), clipped to [(hi−lo)/min(100, n+1), hi−lo]; the prior's is hi−lo. Observations weigh `weights[i]`
 * (1 each when absent: MOTPE weighs its good trials by hypervolume contribution), the prior 1.
 */
export function fitParzen(observations: readonly number[], lo: number, hi: number, weights?: readonly number[]): Density {
  const span = hi - lo;
  const kernels = [
    ...observations.map((mu, i) => ({ mu, w: weights?.[i] ?? 1, prior: false })),
    { mu: (lo + hi) / 2, w: 1, prior: true },
  ].sort((a, b) => a.mu - b.mu);
  const mus = kernels.map((k) => k.mu);
  const minSigma = span / Math.min(100, mus.length);
  const sigmas = kernels.map(({ mu, prior }, i) => {
    if (prior) return span;
    const gap = Math.max(mu - (i > 0 ? mus[i - 1] : lo), (i < mus.length - 1 ? mus[i + 1] : hi) - mu);
    return Math.min(span, Math.max(minSigma, gap));
  });
  const mass = mus.map((mu, i) => normalCdf((hi - mu) / sigmas[i]) - normalCdf((lo - mu) / sigmas[i]));
  const total = kernels.reduce((s, k) => s + k.w, 0);
  const logWeights = kernels.map((k) => Math.log(k.w / total));

  return {
    sample(rng) {
      const i = pickWeighted(kernels, total, rng);
      for (let attempt = 0; attempt < 50; attempt++) {
        const x = mus[i] + sigmas[i] * standardNormal(rng);
        if (x >= lo && x <= hi) return x;
      }
      return Math.min(hi, Math.max(lo, mus[i]));
    },
    logPdf(x) {
      const terms = mus.map(
        (mu, i) =>
          logWeights[i] - 0.5 * ((x - mu) / sigmas[i]) ** 2 - Math.log(sigmas[i] * Math.sqrt(2 * Math.PI) * Math.max(mass[i], 1e-300)),
      );
      return logSumExp(terms);
    },
  };
}

/** An index drawn with probability w/total; with equal weights, the same draw as floor(rng() × n). */
function pickWeighted(kernels: readonly { w: number }[], total: number, rng: Rng): number {
  let r = rng() * total;
  for (let i = 0; i < kernels.length; i++) if ((r -= kernels[i].w) < 0) return i;
  return kernels.length - 1;
}

/** Smoothed category frequencies: (weighted) counts plus a prior weight of 1 spread evenly over the k categories. */
export function fitCategorical(observations: readonly number[], k: number, observationWeights?: readonly number[]): Density {
  const weights = Array.from({ length: k }, () => 1 / k);
  for (const [n, i] of observations.entries()) weights[i] += observationWeights?.[n] ?? 1;
  const total = weights.reduce((s, w) => s + w, 0);
  return {
    sample(rng) {
      let r = rng() * total;
      for (let i = 0; i < k; i++) if ((r -= weights[i]) < 0) return i;
      return k - 1;
    },
    logPdf: (i) => Math.log(weights[i] / total),
  };
}

function logSumExp(terms: number[]): number {
  const max = Math.max(...terms);
  return max === -Infinity ? max : max + Math.log(terms.reduce((s, t) => s + Math.exp(t - max), 0));
}

function standardNormal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** Φ via erf (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
