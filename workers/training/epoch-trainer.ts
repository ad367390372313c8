import type * as tf from '@tensorflow/tfjs';
import type { PreparedData } from '../../datasets/types.ts';
import type { Hyperparameters } from '../../spec/vocabulary.ts';
import { fusedEpochTrainer } from './fused/fused-epoch-trainer.ts';
import type { SplitTensors } from './epoch-data.ts';
import { TfjsEpochTrainer } from './tfjs-epoch-trainer.ts';

/** Which path trains a trial's epochs: 'auto' takes the fused one when the model qualifies, 'tfjs' always model.fit. */
export type TrainingBackend = 'auto' | 'tfjs';

/**
 * Trains a compiled model epoch by epoch in the trial's seeded batch order. Either path leaves the same model:
 * the fused one holds its weights outside TF.js between syncModel() calls.
 */
export interface EpochTrainer {
  readonly kind: 'fused' | 'tfjs';
  /**
   * One epoch; `onBatchEnd` answers true to stop after that batch. Answers the epoch's logs by TF.js' names
   * (loss, acc or mae, and val_* when there is a validation split).
   */
  trainEpoch(epoch: number, onBatchEnd: (batch: number, loss: number | undefined) => boolean): Promise<Record<string, number>>;
  /** Brings the TF.js model's weights and the optimizer's state up to date (before reading, saving or checkpointing them). */
  syncModel(): Promise<void>;
}

export interface EpochTrainerInput {
  model: tf.LayersModel;
  optimizer: tf.Optimizer;
  hp: Hyperparameters;
  data: PreparedData;
  seed: number;
  train: SplitTensors;
  validation: SplitTensors;
  classWeight: Record<number, number> | undefined;
}

/** The one place that picks the path: the fused trainer when asked for 'auto' and the model qualifies, else TF.js. */
export async function chooseEpochTrainer(input: EpochTrainerInput, backend: TrainingBackend = 'auto'): Promise<EpochTrainer> {
  return (backend === 'auto' ? await fusedEpochTrainer(input) : null) ?? new TfjsEpochTrainer(input);
}
