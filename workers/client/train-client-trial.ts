import type { PreparedData } from '../../datasets/types.ts';
import type { Connection } from '../../lib/client/connection.ts';
import type { Trial } from '../../lib/client/trial.ts';
import { resolveHyperparameters } from '../../spec/vocabulary.ts';
import type { ParamValue } from '../../spec/vocabulary.ts';
import type { TrainingBackend } from '../training/epoch-trainer.ts';
import { trainTrial } from '../training/train-trial.ts';
import type { ClientStudy } from './client-study.ts';

export interface ClientTrialOptions {
  /** The TF.js backend training runs on (reported with the model): webgpu, webgl, wasm, tensorflow… */
  backend: string;
  /** How often to keep the lease while an epoch runs: a third of the study's lease_s leaves two to lose. */
  heartbeatMs: number;
  /**
   * 'tfjs' keeps training on the TF.js backend (a browser's GPU); 'auto' (default) lets a dense network take the fused
   * CPU path, as the runner does (workers/training/epoch-trainer.ts).
   */
  trainingBackend?: TrainingBackend;
  /** Each epoch's metrics as reported (epochs from 1), for a progress display. */
  onEpoch?(epoch: number, metrics: Record<string, number>): void;
}

/** How a trial trained by this client ended, as the server knows it. */
export interface ClientTrialEnd {
  state: 'completed' | 'failed' | 'stopped';
  /** The server's reason for a stop (pruned, paused, cancelled), or the error of a failure. */
  reason: string | null;
  epochs: number;
}

/** How long a client keeps trying to deliver a trial's end (and its model) while the server is away. */
const FINISH_PATIENCE_MS = 300_000;

/**
 * Trains one trial of a built-in study exactly as the server's runner would (the same builders, seeds, splits and
 * training loop, workers/training/train-trial.ts), on whatever TF.js backend is active, reporting each epoch over the
 * API. A prune or stop answer stops training at the next batch. A completed trial is finished, then its model and
 * test scores are sent (POST /api/v1/trials/{id}/model) so export and predict work as for the runner's trials.
 */
export async function trainClientTrial(
  connection: Connection,
  trial: Trial,
  study: ClientStudy,
  data: PreparedData,
  options: ClientTrialOptions,
): Promise<ClientTrialEnd> {
  // One request at a time: the Trial's buffer of unsent reports is sent in order by one caller.
  let requests: Promise<unknown> = Promise.resolve();
  const send = (work: () => Promise<unknown>) => {
    requests = requests.then(work).catch(() => undefined);
    return requests;
  };
  let epochs = 0;
  const heartbeat = setInterval(() => void send(() => trial.heartbeat()), options.heartbeatMs);
  const { spec } = study;
  const task = {
    seed: trial.seed,
    hyperparameters: resolveHyperparameters(trial.params as Record<string, ParamValue>),
    model: spec.model,
    objective: spec.objective,
    earlyStopping: spec.early_stopping,
  };
  const result = await trainTrial(
    task,
    data,
    {
      onEpoch: (epoch, metrics) => {
        epochs = epoch + 1;
        options.onEpoch?.(epoch + 1, metrics);
        void send(() => trial.report(epoch + 1, metrics));
      },
      stopRequested: () => (trial.shouldStop ? 'cancelled' : null),
    },
    { trainingBackend: options.trainingBackend },
  )
    // A model that cannot be built or trained here (out of GPU memory, say) fails its trial, as in a runner.
    .catch((error: unknown) => ({
      state: 'failed' as const,
      error: error instanceof Error ? error.message : String(error),
      model: undefined,
    }))
    .finally(() => clearInterval(heartbeat));
  await requests;
  if (trial.shouldStop || result.state === 'cancelled') return { state: 'stopped', reason: trial.reason, epochs };
  if (result.state === 'failed') {
    await trial.finish({ state: 'failed', error: result.error ?? 'failed' }, FINISH_PATIENCE_MS);
    return { state: 'failed', reason: result.error, epochs };
  }
  await trial.finish({ state: 'completed' }, FINISH_PATIENCE_MS);
  const model = result.model!;
  await connection.request(
    'POST',
    `/api/v1/trials/${trial.id}/model`,
    {
      model_topology: model.modelTopology,
      weight_specs: model.weightSpecs,
      weights: toBase64(new Uint8Array(model.weightData)),
      test_scores: result.testScores,
      param_count: result.paramCount,
      model_summary: result.modelSummary,
      backend: options.backend,
    },
    Date.now() + FINISH_PATIENCE_MS,
  );
  return { state: 'completed', reason: null, epochs };
}

/** Base64 without Node's Buffer (a browser has btoa only), in chunks so no call gets millions of arguments. */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
