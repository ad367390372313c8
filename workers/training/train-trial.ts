import * as tf from '@tensorflow/tfjs';
import type { PreparedData } from '../../datasets/types.ts';
import { buildModel, summarizeModel } from '../models/build-model.ts';
import type { StopReason, TrialCheckpoint, TrialModelArtifacts, TrialOutcome, TrialTask } from '../protocol.ts';
import { shuffledForEpoch, splitTensors, type SplitTensors } from './epoch-data.ts';
import { ObjectiveTracker } from './objective-tracker.ts';
import { balancedClassWeights, makeOptimizer } from './optimizer.ts';
import { inTargetUnits } from './target-units.ts';
import { computeTestScores } from './test-evaluation.ts';
import { captureCheckpoint, restoreCheckpoint } from './trial-checkpoint.ts';

export interface TrainingHooks {
  /** `checkpoint`, when the task asks for them and one is due: the state to resume from after this epoch. */
  onEpoch(epoch: number, metrics: Record<string, number>, checkpoint?: TrialCheckpoint): void;
  stopRequested(): StopReason | null;
}

export type TrainingResult = Pick<
  TrialOutcome,
  'state' | 'objective' | 'bestEpoch' | 'epochsRun' | 'testScores' | 'paramCount' | 'modelSummary' | 'error' | 'model'
>;

const YIELD_EVERY_MS = 100;

/** TF.js names some metrics differently from Keras and from our vocabulary. */
const METRIC_NAMES: Record<string, string> = {
  acc: 'accuracy',
  val_acc: 'val_accuracy',
  meanAbsoluteError: 'mae',
  val_meanAbsoluteError: 'val_mae',
};

/**
 * Trains one trial: epoch loop with early stopping, divergence and stop checks, then the test-set scores. A task
 * with `resume` goes on from that checkpoint's epoch.
 */
export async function trainTrial(task: TrialTask, data: PreparedData, hooks: TrainingHooks): Promise<TrainingResult> {
  const hp = task.hyperparameters;
  const { task: kind } = task.model;
  const model = buildModel(
    { ...task.model, inputShape: data.inputShape, outputs: kind === 'classification' ? data.classes!.length : 1 },
    hp,
    task.seed,
  );
  const optimizer = makeOptimizer(hp);
  const splits: SplitTensors[] = [];
  let bestWeights: tf.Tensor[] | null = null;
  try {
    model.compile({
      optimizer,
      loss: kind === 'classification' ? 'categoricalCrossentropy' : 'meanSquaredError',
      metrics: kind === 'classification' ? ['accuracy'] : ['mae'],
    });
    const [train, validation, test] = [data.train, data.validation, data.test].map((s) => splitTensors(s, data));
    splits.push(train, validation, test);
    const classWeight =
      kind === 'classification' && hp.class_weight === 'balanced' ? balancedClassWeights(data.train.y, data.classes!.length) : undefined;
    const tracker = new ObjectiveTracker(task.objective.direction, task.earlyStopping);
    const summary = { paramCount: model.countParams(), modelSummary: summarizeModel(model) };
    let diverged: string | null = null;
    const firstEpoch = task.resume?.epoch ?? 0;
    if (task.resume) bestWeights = await restoreCheckpoint(task.resume, model, optimizer, tracker);
    let epochsRun = firstEpoch;
    let lastCheckpoint = performance.now();
    const result = (
      state: TrainingResult['state'],
      error: string | null,
      testScores: TrainingResult['testScores'] = null,
    ): TrainingResult => ({
      state,
      error,
      objective: tracker.best,
      bestEpoch: tracker.bestEpoch,
      epochsRun,
      testScores,
      ...summary,
    });

    for (let epoch = firstEpoch; epoch < hp.epochs; epoch++) {
      const started = performance.now();
      const [xs, ys] = shuffledForEpoch(train, task.seed, epoch);
      let history: tf.History;
      try {
        history = await model.fit(xs, ys, {
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
              if (logs && !Number.isFinite(logs.loss))
                diverged = `loss became ${logs.loss} at epoch ${epoch + 1} (batch ${batch + 1}); try a lower learning_rate`;
              if (diverged || hooks.stopRequested()) model.stopTraining = true;
            },
          },
        });
      } finally {
        tf.dispose([xs, ys]);
      }
      // fit() yields only after YIELD_EVERY_MS within one call; short epochs yield here instead.
      await new Promise((resolve) => setImmediate(resolve));
      const stop = hooks.stopRequested();
      if (stop === 'cancelled') return result('cancelled', 'cancelled');
      if (stop === 'timeout') return result('failed', 'exceeded the time limit (trial_timeout)');
      if (diverged) return result('failed', diverged);

      const metrics = epochMetrics(history, data, (performance.now() - started) / 1000);
      epochsRun = epoch + 1;
      const finite = Number.isFinite(metrics.loss);
      if (finite && tracker.update(epoch, metrics[task.objective.metric]) && task.earlyStopping?.restore_best_weights) {
        tf.dispose(bestWeights ?? []);
        bestWeights = model.getWeights().map((w) => w.clone());
      }
      const last = !finite || tracker.shouldStop(epoch) || epochsRun === hp.epochs;
      let checkpoint: TrialCheckpoint | undefined;
      if (!last && task.checkpointEveryMs !== undefined && performance.now() - lastCheckpoint >= task.checkpointEveryMs) {
        checkpoint = await captureCheckpoint(epochsRun, model, optimizer, tracker, bestWeights);
        lastCheckpoint = performance.now();
      }
      hooks.onEpoch(epoch, metrics, checkpoint);
      if (!finite) return result('failed', `loss became ${metrics.loss} at epoch ${epoch + 1}; try a lower learning_rate`);
      if (last) break;
    }
    if (bestWeights) model.setWeights(bestWeights);
    return { ...result('completed', null, computeTestScores(model, test, data, hp.batch_size)), model: await serializeModel(model, data) };
  } finally {
    tf.dispose(bestWeights ?? []);
    for (const s of splits) tf.dispose([s.x, s.y]);
    optimizer.dispose();
    model.dispose();
  }
}

/** The model as TF.js saves it, held in memory: workers have no file system handler (no tfjs-node). */
async function serializeModel(model: tf.LayersModel, data: PreparedData): Promise<TrialModelArtifacts> {
  let saved: TrialModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = {
        modelTopology: artifacts.modelTopology as object,
        weightSpecs: artifacts.weightSpecs ?? [],
        weightData: tf.io.CompositeArrayBuffer.join(artifacts.weightData),
        preprocessing: data.preprocessing,
      };
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  return saved!;
}

/** The epoch's metrics by our names; regression ones in the target's own units (see target-units.ts). */
function epochMetrics(history: tf.History, data: PreparedData, seconds: number): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const [key, values] of Object.entries(history.history)) {
    const name = METRIC_NAMES[key] ?? key;
    metrics[name] = inTargetUnits(name, Number(values[values.length - 1]), data.preprocessing.targetScaling);
  }
  if (data.task === 'regression') {
    metrics.rmse = Math.sqrt(metrics.loss);
    if ('val_loss' in metrics) metrics.val_rmse = Math.sqrt(metrics.val_loss);
  }
  metrics.epoch_time = seconds;
  return metrics;
}
