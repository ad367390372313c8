import { createRng } from '../../lib/random.ts';

/**
 * A column of the forest's input: a number in [0, 1] (the parameter's range, on log scale where it is searched so),
 * or a category index in [0, levels).
 */
export type ForestFeature = { kind: 'numeric' } | { kind: 'categorical'; levels: number };

/**
 * A regression tree in flat arrays. Node 0 is the root; a leaf has feature -1. A numeric split sends x < threshold
 * left; a categorical split sends the categories marked in `leftSet` left (categories the node never saw go right).
 */
export interface RegressionTree {
  feature: number[];
  threshold: number[];
  leftSet: (Uint8Array | null)[];
  left: number[];
  right: number[];
  value: number[];
}

export interface ForestOptions {
  trees: number;
  maxDepth: number;
  /** Each tree's bootstrap sample holds min(samples, maxSamples) draws (scikit-learn's max_samples). */
  maxSamples: number;
  seed: number;
}

/** Numeric features are split between bins of this width (1/256 of the range): fast, and finer than any plot of them. */
const BINS = 256;

/** Every numeric threshold is a multiple of 1 / SPLIT_GRID (the middle between two bin edges). */
export const SPLIT_GRID = 2 * BINS;

/**
 * Random forest of regression trees as scikit-learn's RandomForestRegressor (which Optuna's fANOVA fits): each tree
 * grown on a bootstrap sample (of at most `maxSamples` draws, so a 10,000-trial study stays fast), on every feature, until leaves are pure or hold one sample, splitting where squared
 * error falls most. Split points are searched on binned values, so a node costs O(samples × features), not a sort.
 * `columns[f][i]` is sample i's feature f.
 */
export function fitForest(columns: ArrayLike<number>[], features: ForestFeature[], y: ArrayLike<number>, options: ForestOptions) {
  const n = y.length;
  const bins = columns.map((col, f) => {
    const feature = features[f];
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = feature.kind === 'numeric' ? Math.min(BINS - 1, Math.max(0, Math.floor(col[i] * BINS))) : col[i];
    return out;
  });
  const widths = features.map((f) => (f.kind === 'numeric' ? BINS : f.levels));
  const width = Math.max(1, ...widths);
  const scratch = { count: new Float64Array(width), sum: new Float64Array(width), touched: new Int32Array(width) };
  const rng = createRng(options.seed);
  const trees: RegressionTree[] = [];
  for (let t = 0; t < options.trees; t++) {
    const sample = new Int32Array(Math.min(n, options.maxSamples));
    for (let i = 0; i < sample.length; i++) sample[i] = Math.floor(rng() * n);
    trees.push(growTree(sample, bins, features, y, options.maxDepth, scratch));
  }
  return trees;
}

interface Split {
  feature: number;
  /** Numeric: the last bin sent left. */
  lastLeftBin: number;
  threshold: number;
  leftSet: Uint8Array | null;
}

interface Scratch {
  count: Float64Array;
  sum: Float64Array;
  touched: Int32Array;
}

function growTree(
  sample: Int32Array,
  bins: Int32Array[],
  features: ForestFeature[],
  y: ArrayLike<number>,
  maxDepth: number,
  scratch: Scratch,
): RegressionTree {
  const tree: RegressionTree = { feature: [], threshold: [], leftSet: [], left: [], right: [], value: [] };
  const addNode = () => {
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.leftSet.push(null);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(0);
    return tree.value.length - 1;
  };
  const stack: { node: number; start: number; end: number; depth: number }[] = [
    { node: addNode(), start: 0, end: sample.length, depth: 0 },
  ];
  while (stack.length) {
    const { node, start, end, depth } = stack.pop()!;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = start; i < end; i++) {
      const v = y[sample[i]];
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const m = end - start;
    tree.value[node] = sum / m;
    if (m < 2 || depth >= maxDepth || min === max) continue;
    const split = bestSplit(sample, start, end, bins, features, y, sum, scratch);
    if (!split) continue;
    tree.feature[node] = split.feature;
    tree.threshold[node] = split.threshold;
    tree.leftSet[node] = split.leftSet;
    // Partition the node's samples in place: those going left first.
    const col = bins[split.feature];
    const { leftSet, lastLeftBin } = split;
    let mid = start;
    for (let i = start; i < end; i++) {
      const b = col[sample[i]];
      if (leftSet ? leftSet[b] === 1 : b <= lastLeftBin) {
        const swap = sample[mid];
        sample[mid++] = sample[i];
        sample[i] = swap;
      }
    }
    const left = addNode();
    const right = addNode();
    tree.left[node] = left;
    tree.right[node] = right;
    stack.push({ node: left, start, end: mid, depth: depth + 1 }, { node: right, start: mid, end, depth: depth + 1 });
  }
  return tree;
}

/** The split of the node's samples that most reduces squared error, or null when none does. */
function bestSplit(
  sample: Int32Array,
  start: number,
  end: number,
  bins: Int32Array[],
  features: ForestFeature[],
  y: ArrayLike<number>,
  total: number,
  { count, sum, touched }: Scratch,
): Split | null {
  const m = end - start;
  // Maximising sL²/nL + sR²/nR is minimising the children's squared error; demand a real gain over no split.
  const parent = (total * total) / m;
  let bestScore = parent + 1e-12 * Math.abs(parent);
  let bestFeature = -1;
  let bestLast = -1;
  let bestNext = -1;
  let bestOrder: number[] | null = null;
  for (let f = 0; f < features.length; f++) {
    const col = bins[f];
    let u = 0;
    for (let i = start; i < end; i++) {
      const s = sample[i];
      const b = col[s];
      if (count[b] === 0) touched[u++] = b;
      count[b]++;
      sum[b] += y[s];
    }
    if (u > 1) {
      const categorical = features[f].kind === 'categorical';
      // Categories ordered by their mean: the best subset split is then a prefix (Breiman et al., CART, 1984).
      const order = categorical
        ? Array.from(touched.subarray(0, u)).sort((a, b) => sum[a] / count[a] - sum[b] / count[b])
        : touched.subarray(0, u).sort();
      let nL = 0;
      let sL = 0;
      for (let k = 0; k < u - 1; k++) {
        nL += count[order[k]];
        sL += sum[order[k]];
        const sR = total - sL;
        const score = (sL * sL) / nL + (sR * sR) / (m - nL);
        if (score > bestScore) {
          bestScore = score;
          bestFeature = f;
          bestLast = k;
          bestNext = order[k + 1];
          bestOrder = categorical ? (order as number[]) : null;
          if (!categorical) bestLast = order[k];
        }
      }
    }
    for (let k = 0; k < u; k++) {
      count[touched[k]] = 0;
      sum[touched[k]] = 0;
    }
  }
  if (bestFeature < 0) return null;
  if (bestOrder) {
    const leftSet = new Uint8Array((features[bestFeature] as { levels: number }).levels);
    for (let k = 0; k <= bestLast; k++) leftSet[bestOrder[k]] = 1;
    return { feature: bestFeature, lastLeftBin: -1, threshold: 0, leftSet };
  }
  return { feature: bestFeature, lastLeftBin: bestLast, threshold: (bestLast + 1 + bestNext) / SPLIT_GRID, leftSet: null };
}
