import * as tf from '@tensorflow/tfjs';
import type { PreparedData } from '../../datasets/types.ts';
import { buildModel, summarizeModel } from '../models/build-model.ts';
import type { StopReason, TrialCheckpoint, TrialModelArtifacts, TrialOutcome, TrialTask } from '../protocol.ts';
import { splitTensors, type SplitTensors } from './epoch-data.ts';
import { chooseEpochTrainer, type EpochTrainer, type TrainingBackend } from './epoch-trainer.ts';
import { ObjectiveTracker } from './objective-tracker.ts';
import { balancedClassWeights, makeOptimizer } from './optimizer.ts';
import { inTargetUnits } from './target-units.ts';
import { computeTestScores } from './test-evaluation.ts';
import { captureCheckpoint, restoreCheckpoint } from './trial-checkpoint.ts';
import { turnEventLoop } from '../../lib/event-loop.ts';

export interface TrainingHooks {
  /** `checkpoint`, when the task asks for them and one is due: the state to resume from after this epoch. */
  onEpoch(epoch: number, metrics: Record<string, number>, checkpoint?: TrialCheckpoint): void;
  stopRequested(): StopReason | null;
  /**
   * Settles once whoever receives the epochs has judged `epoch` (a pruner may stop the trial there); awaited after
   * every epoch but the last, and the stop looked at again before the next. Absent: training goes on at once.
   */
  judgement?(epoch: number): Promise<void>;
}

export type TrainingResult = Pick<
  TrialOutcome,
  'state' | 'objective' | 'bestEpoch' | 'epochsRun' | 'testScores' | 'paramCount' | 'modelSummary' | 'error' | 'model'
>;

/**
 * What training needs of a task: the runner's TrialTask, or a client's (a browser worker, an agent) that got its data
 * from the server rather than from files.
 */
export type TrainingTask = Pick<
  TrialTask,
  'seed' | 'hyperparameters' | 'model' | 'objective' | 'earlyStopping' | 'resume' | 'checkpointEveryMs'
>;

export interface TrainingOptions {
  /** 'auto' (the default): the fused path when the model qualifies; 'tfjs': model.fit always. */
  trainingBackend?: TrainingBackend;
  /** Builds the model instead of buildModel (bench:train's wider MLP, whose layers differ in width). */
  build?: typeof buildModel;
  /** Told which path trains the trial, once it is chosen. */
  onTrainer?: (kind: EpochTrainer['kind']) => void;
}

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
export async function trainTrial(
  task: TrainingTask,
  data: PreparedData,
  hooks: TrainingHooks,
  options: TrainingOptions = {},
): Promise<TrainingResult> {
  const hp = task.hyperparameters;
  const { task: kind } = task.model;
  const model = (options.build ?? buildModel)(
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
    const trainer = await chooseEpochTrainer(
      { model, optimizer, hp, data, seed: task.seed, train, validation, classWeight },
      options.trainingBackend,
    );
    options.onTrainer?.(trainer.kind);
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
    const stoppedResult = (): TrainingResult | null => {
      const stop = hooks.stopRequested();
      return stop === 'cancelled'
        ? result('cancelled', 'cancelled')
        : stop === 'timeout'
          ? result('failed', 'exceeded the time limit (trial_timeout)')
          : null;
    };

    for (let epoch = firstEpoch; epoch < hp.epochs; epoch++) {
      const started = performance.now();
      const logs = await trainer.trainEpoch(epoch, (batch, loss) => {
        if (loss !== undefined && !Number.isFinite(loss))
          diverged = `loss became ${loss} at epoch ${epoch + 1} (batch ${batch + 1}); try a lower learning_rate`;
        return diverged !== null || hooks.stopRequested() !== null;
      });
      // fit() yields only after YIELD_EVERY_MS within one call; short epochs yield here instead.
      await turnEventLoop();
      const stopped = stoppedResult();
      if (stopped) return stopped;
      if (diverged) return result('failed', diverged);

      const metrics = epochMetrics(logs, data, (performance.now() - started) / 1000);
      epochsRun = epoch + 1;
      const finite = Number.isFinite(metrics.loss);
      if (finite && tracker.update(epoch, metrics[task.objective.metric]) && task.earlyStopping?.restore_best_weights) {
        tf.dispose(bestWeights ?? []);
        await trainer.syncModel();
        bestWeights = model.getWeights().map((w) => w.clone());
      }
      const last = !finite || tracker.shouldStop(epoch) || epochsRun === hp.epochs;
      let checkpoint: TrialCheckpoint | undefined;
      if (!last && task.checkpointEveryMs !== undefined && performance.now() - lastCheckpoint >= task.checkpointEveryMs) {
        await trainer.syncModel();
        checkpoint = await captureCheckpoint(epochsRun, model, optimizer, tracker, bestWeights);
        lastCheckpoint = performance.now();
      }
      hooks.onEpoch(epoch, metrics, checkpoint);
      if (!finite) return result('failed', `loss became ${metrics.loss} at epoch ${epoch + 1}; try a lower learning_rate`);
      if (last) break;
      if (hooks.judgement) {
        await hooks.judgement(epoch);
        const stopped = stoppedResult();
        if (stopped) return stopped;
      }
    }
    await trainer.syncModel();
    if (bestWeights) model.setWeights(bestWeights);
    return {
      ...result('completed', null, await computeTestScores(model, test, data, hp.batch_size)),
      model: await serializeModel(model, data),
    };
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
function epochMetrics(logs: Record<string, number>, data: PreparedData, seconds: number): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const [key, value] of Object.entries(logs)) {
    const name = METRIC_NAMES[key] ?? key;
    metrics[name] = inTargetUnits(name, value, data.preprocessing.targetScaling);
  }
  if (data.task === 'regression') {
    metrics.rmse = Math.sqrt(metrics.loss);
    if ('val_loss' in metrics) metrics.val_rmse = Math.sqrt(metrics.val_loss);
  }
  metrics.epoch_time = seconds;
  return metrics;
}
