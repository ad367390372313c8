import * as tf from '@tensorflow/tfjs';
import type { SavedTensor, TrialCheckpoint } from '../protocol.ts';
import type { ObjectiveTracker } from './objective-tracker.ts';

/**
 * Adam keeps β1^t and β2^t as running products; its setWeights recomputes them with pow(), which differs in the
 * last bits, so they are saved as they are to resume exactly (fields of the TF.js optimizer, absent in others).
 */
const RUNNING_POWERS = ['accBeta1', 'accBeta2'] as const;
type WithPowers = Partial<Record<(typeof RUNNING_POWERS)[number], tf.Variable>>;

/** The state after `epoch - 1`, copied out of the model and optimizer (their tensors stay as they are). */
export async function captureCheckpoint(
  epoch: number,
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  tracker: ObjectiveTracker,
  bestWeights: tf.Tensor[] | null,
): Promise<TrialCheckpoint> {
  const named = await optimizer.getWeights();
  // getWeights() answers the optimizer's own variables, but a fresh scalar for its iteration count.
  const iterations = named.find((w) => w.name === 'iter')?.tensor;
  const powers = RUNNING_POWERS.flatMap((name) => {
    const variable = (optimizer as unknown as WithPowers)[name];
    return variable ? [{ name, tensor: variable as tf.Tensor }] : [];
  });
  try {
    return {
      epoch,
      tracker: { best: tracker.best, bestEpoch: tracker.bestEpoch },
      weights: await Promise.all(model.getWeights().map((t, i) => save(String(i), t))),
      optimizer: await Promise.all([...named, ...powers].map(({ name, tensor }) => save(name, tensor))),
      bestWeights: bestWeights && (await Promise.all(bestWeights.map((t, i) => save(String(i), t)))),
    };
  } finally {
    iterations?.dispose();
  }
}

/** Puts a checkpoint's state into a freshly built model, optimizer and tracker; returns the best weights it kept. */
export async function restoreCheckpoint(
  checkpoint: TrialCheckpoint,
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  tracker: ObjectiveTracker,
): Promise<tf.Tensor[] | null> {
  const weights = checkpoint.weights.map(load);
  model.setWeights(weights);
  tf.dispose(weights);
  const powers = new Set<string>(RUNNING_POWERS);
  const named = checkpoint.optimizer.filter((t) => !powers.has(t.name)).map((t) => ({ name: t.name, tensor: load(t) }));
  await optimizer.setWeights(named);
  tf.dispose(named.map((w) => w.tensor));
  for (const saved of checkpoint.optimizer.filter((t) => powers.has(t.name))) {
    const variable = (optimizer as unknown as WithPowers)[saved.name as (typeof RUNNING_POWERS)[number]];
    const value = load(saved);
    variable?.assign(value);
    value.dispose();
  }
  tracker.best = checkpoint.tracker.best;
  tracker.bestEpoch = checkpoint.tracker.bestEpoch;
  return checkpoint.bestWeights?.map(load) ?? null;
}

async function save(name: string, tensor: tf.Tensor): Promise<SavedTensor> {
  const dtype = tensor.dtype === 'int32' ? 'int32' : 'float32';
  const data = (await tensor.data()) as Float32Array | Int32Array;
  // data() may answer the backend's own buffer: copy, so that later training never changes a sent checkpoint.
  return { name, shape: tensor.shape, dtype, data: dtype === 'int32' ? new Int32Array(data) : new Float32Array(data) };
}

function load(saved: SavedTensor): tf.Tensor {
  return tf.tensor(saved.data, saved.shape, saved.dtype);
}
