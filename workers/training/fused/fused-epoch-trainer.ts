import { standardiseTargets } from '../../../datasets/standardisation.ts';
import type { PreparedData, Split } from '../../../datasets/types.ts';
import { epochOrder } from '../epoch-data.ts';
import type { EpochTrainer, EpochTrainerInput } from '../epoch-trainer.ts';
import { FusedDenseTrainer, type FusedSplit } from './dense-trainer.ts';
import { type DenseNetwork, describeDenseNetwork, writeWeightsBack } from './dense-network.ts';
import { turnEventLoop } from '../../../lib/event-loop.ts';

const YIELD_EVERY_MS = 100;

/**
 * The fused trainer for a model that qualifies (see describeDenseNetwork), else null. Reads the model's current
 * weights and the optimizer's state, so it starts from the builder's seeded initialisation or a restored checkpoint.
 */
export async function fusedEpochTrainer(input: EpochTrainerInput): Promise<EpochTrainer | null> {
  const { model, data, hp, optimizer, classWeight } = input;
  const network = describeDenseNetwork(
    model,
    data.task === 'classification' ? 'categoricalCrossentropy' : 'meanSquaredError',
    hp.batch_size,
  );
  if (!network) return null;
  const weights = classWeight ? Float32Array.from({ length: network.outputs }, (_, c) => classWeight[c] ?? 0) : null;
  let trainer: FusedDenseTrainer;
  try {
    trainer = new FusedDenseTrainer(
      network,
      hp,
      model.trainableWeights.map((w) => w.name),
      weights,
    );
  } catch (error) {
    // Buffers beyond what one wasm memory holds (huge batches of wide layers): TF.js trains the model instead.
    if (error instanceof RangeError) return null;
    throw error;
  }
  await trainer.optimizer.loadFrom(optimizer);
  return new FusedEpochTrainer(network, trainer, input);
}

class FusedEpochTrainer implements EpochTrainer {
  readonly kind = 'fused';
  private readonly train: FusedSplit;
  private readonly validation: FusedSplit;

  constructor(
    private readonly network: DenseNetwork,
    private readonly trainer: FusedDenseTrainer,
    private readonly input: EpochTrainerInput,
  ) {
    this.train = fusedSplit(input.data.train, input.data);
    this.validation = fusedSplit(input.data.validation, input.data);
  }

  async trainEpoch(epoch: number, onBatchEnd: (batch: number, loss: number | undefined) => boolean): Promise<Record<string, number>> {
    const { hp, seed, data } = this.input;
    const { n } = this.train;
    const order = epochOrder(n, seed, epoch);
    const metricName = data.task === 'classification' ? 'acc' : 'mae';
    let loss = 0;
    let metric = 0;
    let seen = 0;
    let turned = performance.now();
    for (let start = 0, batch = 0; start < n; start += hp.batch_size, batch++) {
      const m = Math.min(hp.batch_size, n - start);
      const totals = this.trainer.trainBatch(this.train, order, start, m);
      loss += Math.fround(totals.loss) * m;
      metric += totals.metric;
      seen += m;
      if (onBatchEnd(batch, totals.loss)) break;
      // Long epochs turn the event loop, as model.fit's yieldEvery does, so a stop request is seen in time.
      if (performance.now() - turned >= YIELD_EVERY_MS) {
        await turnEventLoop();
        turned = performance.now();
      }
    }
    const logs: Record<string, number> = { loss: loss / seen, [metricName]: metric / seen };
    if (this.validation.n > 0) {
      const totals = this.trainer.evaluate(this.validation);
      logs.val_loss = totals.loss;
      logs[`val_${metricName}`] = totals.metric / this.validation.n;
    }
    return logs;
  }

  async syncModel(): Promise<void> {
    writeWeightsBack(this.network);
    await this.trainer.optimizer.saveTo(this.input.optimizer);
  }
}

/** Classification labels as class indices, regression targets standardised as splitTensors uploads them. */
function fusedSplit(split: Split, data: PreparedData): FusedSplit {
  const scaling = data.preprocessing.targetScaling;
  return { x: split.x, y: data.task === 'regression' && scaling ? standardiseTargets(split.y, scaling) : split.y, n: split.n };
}
