import * as tf from '@tensorflow/tfjs';
import type { Hyperparameters } from '../../../spec/vocabulary.ts';

/** A parameter the optimizer updates: its values, their gradient and its TF.js variable's name and shape. */
export interface FusedParameter {
  name: string;
  shape: number[];
  values: Float32Array;
  gradient: Float32Array;
}

/** TF.js keeps Adam's β^t as running float32 products; checkpoints carry them (see trial-checkpoint.ts). */
type AdamPowers = { accBeta1?: tf.Variable; accBeta2?: tf.Variable };

interface Rule {
  /** The state TF.js keeps per variable, by the suffix of its name in getWeights(), and each one's initial value. */
  slots: { suffix: string; initial: number }[];
  /** Updates values (and slots) in place for one parameter; Adam reads β^t from `state`. */
  update(p: FusedParameter, slots: Float32Array[], state: { accBeta1: number; accBeta2: number }): void;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const RMS_DECAY = 0.9;
const ADAGRAD_INITIAL = 0.1;

/** TF.js' update rules (tf.train.* with their defaults), element by element, in its order of operations. */
function ruleFor(optimizer: Hyperparameters['optimizer'], lr: number, epsilon: number): Rule {
  switch (optimizer) {
    case 'sgd':
      return {
        slots: [],
        update({ values, gradient }) {
          for (let i = 0; i < values.length; i++) values[i] -= lr * gradient[i];
        },
      };
    case 'adam':
      return {
        slots: [
          { suffix: 'm', initial: 0 },
          { suffix: 'v', initial: 0 },
        ],
        update({ values, gradient }, [m, v], { accBeta1, accBeta2 }) {
          const [c1, c2] = [Math.fround(1 - accBeta1), Math.fround(1 - accBeta2)];
          for (let i = 0; i < values.length; i++) {
            const g = gradient[i];
            const mi = (m[i] = m[i] * BETA1 + g * (1 - BETA1));
            const vi = (v[i] = v[i] * BETA2 + g * g * (1 - BETA2));
            values[i] += -lr * (mi / c1 / (Math.sqrt(vi / c2) + epsilon));
          }
        },
      };
    case 'rmsprop':
      return {
        slots: [
          { suffix: 'rms', initial: 0 },
          { suffix: 'momentum', initial: 0 },
        ],
        update({ values, gradient }, [ms, moment]) {
          for (let i = 0; i < values.length; i++) {
            const g = gradient[i];
            const msi = (ms[i] = ms[i] * RMS_DECAY + g * g * (1 - RMS_DECAY));
            values[i] -= moment[i] = (g * lr) / Math.sqrt(msi + epsilon);
          }
        },
      };
    case 'adagrad':
      return {
        slots: [{ suffix: 'accumulator', initial: ADAGRAD_INITIAL }],
        update({ values, gradient }, [acc]) {
          for (let i = 0; i < values.length; i++) {
            const g = gradient[i];
            const a = (acc[i] += g * g);
            values[i] += -lr * (g / Math.sqrt(a + epsilon));
          }
        },
      };
  }
}

/**
 * The trial's optimizer over plain arrays, with the same rule and defaults as makeOptimizer's TF.js one; its
 * state moves to and from that TF.js optimizer, so checkpoints keep their form and resume on either path.
 */
export class FusedOptimizer {
  private readonly rule: Rule;
  private readonly slots: Float32Array[][];
  private iterations = 0;
  private readonly powers = { accBeta1: Math.fround(BETA1), accBeta2: Math.fround(BETA2) };

  constructor(
    hp: Pick<Hyperparameters, 'optimizer' | 'learning_rate'>,
    private readonly params: FusedParameter[],
  ) {
    this.rule = ruleFor(hp.optimizer, hp.learning_rate, tf.backend().epsilon());
    this.slots = params.map((p) => this.rule.slots.map((s) => new Float32Array(p.values.length).fill(s.initial)));
  }

  /** One step with the gradients the parameters hold. */
  step(): void {
    for (let i = 0; i < this.params.length; i++) this.rule.update(this.params[i], this.slots[i], this.powers);
    this.powers.accBeta1 = Math.fround(this.powers.accBeta1 * BETA1);
    this.powers.accBeta2 = Math.fround(this.powers.accBeta2 * BETA2);
    this.iterations++;
  }

  /** Replaces the TF.js optimizer's state with this one's, in the form its getWeights() answers. */
  async saveTo(optimizer: tf.Optimizer): Promise<void> {
    tf.dispose((await optimizer.getWeights()).map((w) => w.tensor));
    const named = [{ name: 'iter', tensor: tf.scalar(this.iterations, 'int32') as tf.Tensor }];
    for (const [s, slot] of this.rule.slots.entries())
      for (const [i, p] of this.params.entries())
        named.push({ name: `${p.name}/${slot.suffix}`, tensor: tf.tensor(this.slots[i][s], p.shape) });
    await optimizer.setWeights(named);
    tf.dispose(named.map((w) => w.tensor));
    const powers = optimizer as unknown as AdamPowers;
    tf.tidy(() => {
      powers.accBeta1?.assign(tf.scalar(this.powers.accBeta1));
      powers.accBeta2?.assign(tf.scalar(this.powers.accBeta2));
    });
  }

  /** Takes the TF.js optimizer's state (one a checkpoint was restored into); a fresh one leaves the initial state. */
  async loadFrom(optimizer: tf.Optimizer): Promise<void> {
    const [iter, ...variables] = await optimizer.getWeights();
    this.iterations = (await iter.tensor.data())[0];
    iter.tensor.dispose();
    if (variables.length === 0) return;
    for (const [s] of this.rule.slots.entries())
      for (const [i] of this.params.entries()) this.slots[i][s].set(await variables[s * this.params.length + i].tensor.data());
    const powers = optimizer as unknown as AdamPowers;
    if (powers.accBeta1 && powers.accBeta2) {
      this.powers.accBeta1 = (await powers.accBeta1.data())[0];
      this.powers.accBeta2 = (await powers.accBeta2.data())[0];
    }
  }
}
