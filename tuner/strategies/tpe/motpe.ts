import { hypervolume, referencePoint } from '../../hypervolume.ts';
import { nonDominatedRanks } from '../../pareto.ts';

/**
 * MOTPE's split of scored trials (Ozaki et al. 2020, as Optuna's `_split_complete_trials_multi_objective`): the
 * `nBelow` good ones are whole non-domination ranks, best first, while they fit; from the first rank that does
 * not fit, the subset that greedily adds the most hypervolume. `losses` are loss vectors (every objective
 * minimised), each finite; the answer holds their indexes, ties going to the lower index.
 */
export function splitByDomination(losses: readonly (readonly number[])[], nBelow: number): { below: number[]; above: number[] } {
  const ranks = nonDominatedRanks(losses, losses[0]?.map(() => 'minimize' as const) ?? []);
  const below: number[] = [];
  for (let rank = 0; below.length < nBelow; rank++) {
    const members = ranks.flatMap((r, i) => (r === rank ? [i] : []));
    if (members.length === 0) break;
    if (below.length + members.length <= nBelow) below.push(...members);
    else below.push(...greedyHypervolumeSubset(losses, members, nBelow - below.length));
  }
  const chosen = new Set(below);
  return { below, above: losses.flatMap((_, i) => (chosen.has(i) ? [] : [i])) };
}

/** Hypervolume subset selection, greedy (a 1 − 1/e approximation): `size` of `members`, each adding the most volume. */
function greedyHypervolumeSubset(losses: readonly (readonly number[])[], members: number[], size: number): number[] {
  const reference = referencePoint(members.map((i) => losses[i]));
  const selected: number[] = [];
  let volume = 0;
  while (selected.length < size) {
    let best = { index: -1, gain: -1 };
    for (const i of members) {
      if (selected.includes(i)) continue;
      const gain =
        hypervolume(
          [...selected, i].map((j) => losses[j]),
          reference,
        ) - volume;
      if (gain > best.gain) best = { index: i, gain };
    }
    selected.push(best.index);
    volume += best.gain;
  }
  return selected;
}

/**
 * Weights of the good trials in MOTPE's Parzen estimator (Optuna's `_calculate_weights_below_for_multi_objective`):
 * each one's hypervolume contribution (what the set loses without it), scaled so the largest weighs 1; a trial
 * that contributes nothing (dominated, or a duplicate) keeps a tiny weight.
 */
export function hypervolumeWeights(losses: readonly (readonly number[])[]): number[] {
  if (losses.length <= 1) return losses.map(() => 1);
  const reference = referencePoint(losses);
  const whole = hypervolume(losses, reference);
  const contributions = losses.map(
    (_, i) =>
      whole -
      hypervolume(
        losses.filter((__, j) => j !== i),
        reference,
      ) +
      1e-12,
  );
  const max = Math.max(...contributions);
  return contributions.map((c) => Math.min(1, Math.max(0, c / max)));
}
