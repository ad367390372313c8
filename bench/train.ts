/**
 * bench:train — training throughput (samples/s) of the lesson's image CNN, the MNIST CNN and
 * the penguins MLP of the examples: Tuneboard's engine against stock TF.js on cpu and on wasm,
 * and against the floor this single thread sets, the model's training FLOPs at the rate of
 * one large wasm op. Each column runs in a process of its own (bench/train-columns.ts).
 * Run: npm run bench:train
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Column, FloorRates, Throughput } from './train-columns.ts';
import { BENCH_MODELS, type BenchModel, type BenchModelId } from './train-models.ts';
import { machine, printTable } from './table.ts';

const TARGET_OF_FLOOR = 0.5;
const TARGET_OVER_CPU = 100;
const started = performance.now();
const loadAtStart = loadavg()[0];

function measure<T>(column: Column, id?: BenchModelId): T {
  const script = fileURLToPath(new URL('./train-columns.ts', import.meta.url));
  process.stderr.write(`bench:train: ${column} ${id ?? ''}\n`);
  const child = spawnSync(process.execPath, [...process.execArgv, script, column, ...(id ? [id] : [])], { encoding: 'utf8' });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{')) throw new Error(`bench:train ${column} ${id ?? ''} failed:\n${child.stderr}`);
  return JSON.parse(line) as T;
}

const rates = measure<FloorRates>('floor-rates');
/** Conv nets are bound by convolution, the MLP by matMul: each model's ceiling is the rate of the op it is made of. */
const gflopsFor = (model: BenchModel) => (model.floorOp === 'conv' ? rates.convGflops : rates.matMulGflops);

const errors: string[] = [];
const rows = (Object.entries(BENCH_MODELS) as [BenchModelId, BenchModel][]).map(([id, model]) => {
  const engine = measure<Throughput>('engine', id);
  const cpu = measure<Throughput>('stock-cpu', id);
  const wasm = measure<Throughput>('stock-wasm', id);
  if (!('samplesPerSecond' in engine) || !('samplesPerSecond' in cpu)) throw new Error(`${id}: ${JSON.stringify({ engine, cpu })}`);
  const floor = (gflopsFor(model) * 1e9) / engine.flopsPerSample!;
  const ofFloor = engine.samplesPerSecond / floor;
  const overCpu = engine.samplesPerSecond / cpu.samplesPerSecond;
  const targets = [
    ...(id === 'image-cnn' ? [`≥ ${TARGET_OF_FLOOR * 100}% of floor ${mark(ofFloor >= TARGET_OF_FLOOR)}`] : []),
    ...(model.family === 'cnn' ? [`≥ ${TARGET_OVER_CPU}× cpu ${mark(overCpu >= TARGET_OVER_CPU)}`] : []),
  ];
  return [
    model.label,
    rate(engine.samplesPerSecond),
    rate(cpu.samplesPerSecond),
    'samplesPerSecond' in wasm ? rate(wasm.samplesPerSecond) : `cannot train ${footnoteFor(wasm.error)}`,
    `${rate(floor)} (${model.floorOp})`,
    `${(100 * ofFloor).toFixed(ofFloor < 0.1 ? 2 : 0)}%`,
    `${overCpu.toFixed(overCpu < 10 ? 2 : 0)}×`,
    targets.join(', ') || '—',
  ];
});

printTable(
  `bench:train (${machine()}, ${cpus()[0]?.model ?? 'unknown cpu'}, ${cpus().length} cores, load average ${loadAtStart.toFixed(1)} at start)`,
  ['model', 'engine (samples/s)', 'stock cpu', 'stock wasm', 'floor', 'engine ÷ floor', 'engine ÷ stock cpu', 'targets'],
  rows,
);

const image = BENCH_MODELS['image-cnn'];
const mnistCpu = BENCH_MODELS['mnist-cnn'].stock.cpu;
const mlp = BENCH_MODELS['penguins-mlp'];
console.log(`
Samples per second of training, single-threaded wasm unless said otherwise.
- engine: the model from buildModel, trained by the worker's trainTrial (per-epoch seeded shuffle, model.fit on tensors kept on the backend) on wasm with registerWasmConvKernels; no validation split; median of ${image.engineEpochs - 1} epochs after one warm-up epoch (${mlp.engineEpochs - 1} for the MLP).
${Object.values(BENCH_MODELS)
  .map((m) => `  - ${m.label}: ${m.settings}.`)
  .join('\n')}
- stock cpu / stock wasm: @tensorflow/tfjs 4.22 as shipped, with the same model, Adam and loss, trained by model.fit, each in a fresh process. The cpu backend takes seconds per sample on the CNNs, so it is timed on ${image.stock.cpu.rounds} batches of ${image.stock.cpu.samples} (image CNN) or of ${mnistCpu.samples} (MNIST CNN) after one warm-up batch and scaled per sample; the MLP gets whole epochs.
${errors.map((e, i) => `- ${superscript(i + 1)} stock wasm fails at the first batch: "${e}"${e.includes('Conv2DBackpropFilter') ? '; @tensorflow/tfjs-backend-wasm has no weight gradient for Conv2D, so no conv net trains there' : ''}.`).join('\n')}
- floor: the model's training FLOPs per sample (forward, input gradient and weight gradient of every conv and dense layer, less the first layer's input gradient, which is never computed; pooling, activations, dropout and Adam not counted) at the rate this run measured for one large wasm op: for the CNNs a forward Conv2D on XNNPACK (${rates.convShape}: ${rates.convGflops.toFixed(1)} GFLOP/s), for the MLP a matMul (${rates.matMulShape}: ${rates.matMulGflops.toFixed(1)} GFLOP/s), since its layers are matMuls. The MLP's matrices are tiny (batches of ${mlp.hp.batch_size} rows, layers of ${mlp.hp.units} units), so per-op overhead, not arithmetic, bounds it: its floor is a ceiling no engine reaches, shown to say how far from compute-bound such a model is.
- whole run: ${((performance.now() - started) / 1000).toFixed(0)} s.`);

function footnoteFor(error: string): string {
  const index = errors.includes(error) ? errors.indexOf(error) : errors.push(error) - 1;
  return superscript(index + 1);
}

function superscript(n: number): string {
  return String(n).replace(/\d/g, (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]);
}

function mark(met: boolean): string {
  return met ? '✓' : '✗';
}

/** Three significant digits: the runs vary more than that between machines and loads. */
function rate(perSecond: number): string {
  return perSecond >= 100 ? Number(perSecond.toPrecision(3)).toLocaleString('en-US') : perSecond.toPrecision(3);
}
