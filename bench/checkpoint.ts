/**
 * bench:checkpoint — what trial checkpoints cost: the lesson's image CNN (examples/mnist-kernel-activation.json) and
 * the penguins MLP, trained on wasm in this thread for a few epochs without checkpoints and with one after every
 * epoch. Capture (weights and optimizer state copied out of TF.js) is inside the trained time; the write (file
 * aside, then rename) is timed on its own, as the runner's main thread does it while the worker trains on.
 * Run: node --import tsx bench/checkpoint.ts
 */
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSpecFile } from '../spec/parse-spec.ts';
import { resolveHyperparameters } from '../spec/vocabulary.ts';
import { saveCheckpoint } from '../tuner/checkpoint-store.ts';
import { selectBackend } from '../workers/backend/select-backend.ts';
import { loadTrialData } from '../workers/data-cache.ts';
import type { TrialCheckpoint, TrialTask } from '../workers/protocol.ts';
import { trainTrial } from '../workers/training/train-trial.ts';
import { machine, printTable } from './table.ts';

const EPOCHS = 3;
const dir = join(tmpdir(), `tb-bench-checkpoint-${process.pid}`);
const models: { label: string; spec: string; params: Record<string, string | number> }[] = [
  { label: 'lesson image CNN (mnist 3000, 2×conv 50, adam)', spec: 'examples/mnist-kernel-activation.json', params: { kernel_size: 3, activation: 'relu' } },
  { label: 'penguins MLP (examples/penguins-random.json)', spec: 'examples/penguins-random.json', params: {} },
];

await selectBackend('wasm');
const rows = [];
for (const m of models) {
  const spec = readSpecFile(m.spec);
  const base: TrialTask = {
    trialId: 1,
    seed: 0,
    hyperparameters: resolveHyperparameters({ ...spec.fixed, ...m.params, epochs: EPOCHS }),
    dataset: spec.dataset,
    baseDir: 'examples',
    model: spec.model,
    objective: spec.objective,
    backend: 'wasm',
    port: { postMessage() {}, close() {} },
    stop: new Int32Array(new SharedArrayBuffer(4)),
  };
  const data = await loadTrialData(base);
  const train = async (checkpointEveryMs: number | undefined) => {
    const checkpoints: TrialCheckpoint[] = [];
    const started = performance.now();
    await trainTrial({ ...base, checkpointEveryMs }, data, { onEpoch: (_e, _m, c) => c && checkpoints.push(c), stopRequested: () => null });
    return { ms: performance.now() - started, checkpoints };
  };
  await train(undefined); // warm-up: kernels compiled, data uploaded once
  const plain = await train(undefined);
  const checked = await train(0);
  const writes = [];
  for (const c of checked.checkpoints) {
    const t = performance.now();
    await saveCheckpoint(dir, 1, 1, c);
    writes.push(performance.now() - t);
  }
  const bytes = (c: TrialCheckpoint) => [...c.weights, ...c.optimizer, ...(c.bestWeights ?? [])].reduce((n, t) => n + t.data.byteLength, 0);
  const epochMs = plain.ms / EPOCHS;
  const captureMs = (checked.ms - plain.ms) / checked.checkpoints.length;
  const writeMs = writes.reduce((a, b) => a + b, 0) / writes.length;
  rows.push([
    m.label,
    `${epochMs.toFixed(0)} ms`,
    `${(bytes(checked.checkpoints[0]) / 1e6).toFixed(2)} MB`,
    `${captureMs.toFixed(1)} ms`,
    `${writeMs.toFixed(1)} ms`,
    `${((100 * (captureMs + writeMs)) / epochMs).toFixed(2)}%`,
  ]);
}
await rm(dir, { recursive: true, force: true });
printTable(`bench:checkpoint (${machine()}, ${EPOCHS} epochs, wasm, one checkpoint per epoch)`, [
  'model', 'epoch', 'checkpoint size', 'capture (in training)', 'write (main thread)', 'cost per epoch',
], rows);
