import * as tf from '@tensorflow/tfjs';
import type { EpochTrainer, EpochTrainerInput } from './epoch-trainer.ts';
import { shuffledForEpoch } from './epoch-data.ts';

const YIELD_EVERY_MS = 100;

/** model.fit, one epoch at a time, on the split tensors in the epoch's seeded order. */
export class TfjsEpochTrainer implements EpochTrainer {
  readonly kind = 'tfjs';
  constructor(private readonly input: EpochTrainerInput) {}

  async trainEpoch(epoch: number, onBatchEnd: (batch: number, loss: number | undefined) => boolean): Promise<Record<string, number>> {
    const { model, hp, seed, train, validation, classWeight } = this.input;
    const [xs, ys] = shuffledForEpoch(train, seed, epoch);
    try {
      const history = await model.fit(xs, ys, {
        epochs: 1,
        batchSize: hp.batch_size,
        shuffle: false,
        verbose: 0,
        // Turn the event loop within long epochs, so a child process sees a stop request (IPC) in time.
        yieldEvery: YIELD_EVERY_MS,
        classWeight,
        validationData: validation.n > 0 ? [validation.x, validation.y] : undefined,
        callbacks: {
          onBatchEnd: async (batch, logs) => {
            if (onBatchEnd(batch, logs?.loss)) model.stopTraining = true;
          },
        },
      });
      return Object.fromEntries(Object.entries(history.history).map(([key, values]) => [key, Number(values[values.length - 1])]));
    } finally {
      tf.dispose([xs, ys]);
    }
  }

  async syncModel(): Promise<void> {}
}
