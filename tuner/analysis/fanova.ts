import { type ForestFeature, type RegressionTree, SPLIT_GRID } from './regression-forest.ts';

/**
 * A tree's leaves as cells of the search space, in flat arrays (leaf l, feature j at l·d + j): a numeric feature's
 * interval [lo, hi) in steps of 1/SPLIT_GRID, a categorical one's set of categories, and the share of the feature's
 * domain the cell covers.
 */
interface Cells {
  count: number;
  value: Float64Array;
  volume: Float64Array;
  share: Float64Array;
  lo: Int32Array;
  hi: Int32Array;
  sets: (Uint8Array | null)[];
}

/**
 * fANOVA (Hutter, Hoos and Leyton-Brown, ICML 2014) on one tree: the tree cuts the search space into cells, each
 * predicting one value. With every parameter uniform over its domain, the total variance is that of the cell values
 * weighted by volume; a feature's main effect is the variance of its marginal (the prediction averaged over every
 * other feature). Returns per feature its main effect's share of the total variance, or null when the tree predicts
 * one value everywhere.
 */
export function mainEffectShares(tree: RegressionTree, features: ForestFeature[]): number[] | null {
  const cells = collectCells(tree, features);
  let mean = 0;
  for (let l = 0; l < cells.count; l++) mean += cells.volume[l] * cells.value[l];
  let total = 0;
  for (let l = 0; l < cells.count; l++) total += cells.volume[l] * (cells.value[l] - mean) ** 2;
  if (!(total > 0)) return null;
  return features.map((feature, f) => {
    const variance =
      feature.kind === 'numeric'
        ? numericMarginalVariance(cells, f, features.length, mean)
        : categoricalMarginalVariance(cells, f, features.length, feature.levels, mean);
    return Math.min(1, Math.max(0, variance / total));
  });
}

/** A cell's value times its volume over every feature but f: its part in the marginal of f. */
function weight(cells: Cells, l: number, f: number, d: number): number {
  return (cells.value[l] * cells.volume[l]) / cells.share[l * d + f];
}

function numericMarginalVariance(cells: Cells, f: number, d: number, mean: number): number {
  // The marginal is a step function of x_f, changing only at split points, which lie on a grid: a difference array.
  const steps = new Float64Array(SPLIT_GRID + 1);
  for (let l = 0; l < cells.count; l++) {
    const w = weight(cells, l, f, d);
    steps[cells.lo[l * d + f]] += w;
    steps[cells.hi[l * d + f]] -= w;
  }
  let level = 0;
  let variance = 0;
  for (let i = 0; i < SPLIT_GRID; i++) {
    level += steps[i];
    variance += (level - mean) ** 2 / SPLIT_GRID;
  }
  return variance;
}

function categoricalMarginalVariance(cells: Cells, f: number, d: number, levels: number, mean: number): number {
  const marginal = new Float64Array(levels);
  for (let l = 0; l < cells.count; l++) {
    const w = weight(cells, l, f, d);
    const set = cells.sets[l * d + f]!;
    for (let c = 0; c < levels; c++) if (set[c]) marginal[c] += w;
  }
  let variance = 0;
  for (let c = 0; c < levels; c++) variance += (marginal[c] - mean) ** 2 / levels;
  return variance;
}

function collectCells(tree: RegressionTree, features: ForestFeature[]): Cells {
  const d = features.length;
  const size = tree.value.length;
  const cells: Cells = {
    count: 0,
    value: new Float64Array(size),
    volume: new Float64Array(size),
    share: new Float64Array(size * d),
    lo: new Int32Array(size * d),
    hi: new Int32Array(size * d),
    sets: new Array(size * d).fill(null),
  };
  // The cell of the node being visited, changed on the way down and put back on the way up.
  const lo = new Int32Array(d);
  const hi = new Int32Array(d).fill(SPLIT_GRID);
  const sets = features.map((f) => (f.kind === 'categorical' ? new Uint8Array(f.levels).fill(1) : null));
  const members = features.map((f) => (f.kind === 'categorical' ? f.levels : 0));
  const visit = (node: number) => {
    const f = tree.feature[node];
    if (f < 0) {
      const l = cells.count++;
      let volume = 1;
      for (let j = 0; j < d; j++) {
        const feature = features[j];
        const share = feature.kind === 'numeric' ? (hi[j] - lo[j]) / SPLIT_GRID : members[j] / feature.levels;
        cells.share[l * d + j] = share;
        cells.lo[l * d + j] = lo[j];
        cells.hi[l * d + j] = hi[j];
        cells.sets[l * d + j] = sets[j];
        volume *= share;
      }
      cells.value[l] = tree.value[node];
      cells.volume[l] = volume;
      return;
    }
    const leftSet = tree.leftSet[node];
    if (leftSet) {
      const own = sets[f]!;
      const goLeft = own.map((c, i) => c & leftSet[i]);
      const goRight = own.map((c, i) => c & (1 - leftSet[i]));
      const ownMembers = members[f];
      sets[f] = goLeft;
      members[f] = goLeft.reduce((a, b) => a + b, 0);
      visit(tree.left[node]);
      sets[f] = goRight;
      members[f] = ownMembers - members[f];
      visit(tree.right[node]);
      sets[f] = own;
      members[f] = ownMembers;
    } else {
      const t = Math.round(tree.threshold[node] * SPLIT_GRID);
      const ownHi = hi[f];
      hi[f] = t;
      visit(tree.left[node]);
      hi[f] = ownHi;
      const ownLo = lo[f];
      lo[f] = t;
      visit(tree.right[node]);
      lo[f] = ownLo;
    }
  };
  visit(0);
  return cells;
}
