/**
 * The hypervolume of a set of loss vectors (every objective minimised): the volume dominated by the set and
 * bounded by the reference point. Points not strictly better than the reference in every objective add nothing.
 * Exact, by slicing along the last objective (O(n^(d-1) log n)): meant for a study's 2 or 3 objectives.
 */
export function hypervolume(points: readonly (readonly number[])[], reference: readonly number[]): number {
  const inside = points.filter((p) => p.every((x, i) => x < reference[i]));
  return slice(inside, reference, reference.length);
}

function slice(points: readonly (readonly number[])[], reference: readonly number[], d: number): number {
  if (points.length === 0) return 0;
  if (d === 1) return reference[0] - Math.min(...points.map((p) => p[0]));
  const last = d - 1;
  const sorted = [...points].sort((a, b) => a[last] - b[last]);
  let volume = 0;
  for (let k = 0; k < sorted.length; k++) {
    const top = k + 1 < sorted.length ? sorted[k + 1][last] : reference[last];
    if (top > sorted[k][last]) volume += (top - sorted[k][last]) * slice(sorted.slice(0, k + 1), reference, last);
  }
  return volume;
}

/**
 * Optuna's reference point for a set of losses: 10 % beyond the worst value of each objective (on the far side
 * of zero for negative ones), and a tiny positive number where the worst is zero.
 */
export function referencePoint(points: readonly (readonly number[])[]): number[] {
  return points[0].map((_, i) => {
    const worst = Math.max(...points.map((p) => p[i]));
    const ref = Math.max(1.1 * worst, 0.9 * worst);
    return ref === 0 ? 1e-12 : ref;
  });
}
