/**
 * bench:train — training throughput (samples/s) of the lesson's image CNN, the MNIST CNN, the penguins MLP of the
 * examples and a wider tabular MLP: Tuneboard's engine against PyTorch on one thread (the peer users would pick
 * instead) and against stock TF.js on cpu and on wasm, with two bounds: the arithmetic rate PyTorch reaches on the
 * same model, and this machine's single-thread peak for 128-bit wasm SIMD. Each column runs in a process of its own
 * (bench/train-columns.ts).
 * Run: npm run bench:train
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Column, SimdPeak, Throughput } from './train-columns.ts';
import { BENCH_MODELS, type BenchModel, type BenchModelId } from './train-models.ts';
import { machine, printTable } from './table.ts';

/** The issue's targets: tabular MLPs faster than PyTorch on one thread, CNNs within reach of it. */
const TARGET_OVER_PYTORCH = { mlp: 1.5, cnn: 0.6 } as const;
const started = performance.now();
const loadAtStart = loadavg()[0];

function measure<T>(column: Column, id?: BenchModelId): T {
  const script = fileURLToPath(new URL('./train-columns.ts', import.meta.url));
  process.stderr.write(`bench:train: ${column} ${id ?? ''}\n`);
  const child = spawnSync(process.execPath, [...process.execArgv, script, column, ...(id ? [id] : [])], { encoding: 'utf8' });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{'))
    throw new Error(`bench:train ${column} ${id ?? ''} failed:\n${child.stderr.slice(-2000)}`);
  return JSON.parse(line) as T;
}

const peak = measure<SimdPeak>('simd-peak');
const errors: string[] = [];
let torchVersion: string | null = null;
let torchMissing: string | null = null;
const rows = (Object.entries(BENCH_MODELS) as [BenchModelId, BenchModel][]).map(([id, model]) => {
  const engine = measure<Throughput>('engine', id);
  const torch = measure<Throughput>('pytorch', id);
  const cpu = measure<Throughput>('stock-cpu', id);
  const wasm = measure<Throughput>('stock-wasm', id);
  if (!('samplesPerSecond' in engine) || !('samplesPerSecond' in cpu)) throw new Error(`${id}: ${JSON.stringify({ engine, cpu })}`);
  const gflops = (perSecond: number) => (perSecond * engine.flopsPerSample!) / 1e9;
  const ofPeak = (perSecond: number) => `${gflops(perSecond).toFixed(2)} (${((100 * gflops(perSecond)) / peak.gflops).toFixed(0)}%)`;
  const overCpu = engine.samplesPerSecond / cpu.samplesPerSecond;
  let overTorch: number | null = null;
  if ('samplesPerSecond' in torch) {
    overTorch = engine.samplesPerSecond / torch.samplesPerSecond;
    torchVersion = torch.version ?? null;
  } else torchMissing = torch.error;
  const target = TARGET_OVER_PYTORCH[model.family];
  return [
    model.label,
    `${rate(engine.samplesPerSecond)} (${engine.path})`,
    'samplesPerSecond' in torch ? rate(torch.samplesPerSecond) : '—',
    overTorch === null ? '—' : `${overTorch.toFixed(2)}×`,
    rate(cpu.samplesPerSecond),
    'samplesPerSecond' in wasm ? rate(wasm.samplesPerSecond) : `cannot train ${footnoteFor(wasm.error)}`,
    `${overCpu.toFixed(overCpu < 10 ? 2 : 0)}×`,
    ofPeak(engine.samplesPerSecond),
    'samplesPerSecond' in torch ? ofPeak(torch.samplesPerSecond) : '—',
    overTorch === null ? `≥ ${target}× PyTorch: not measured` : `≥ ${target}× PyTorch ${mark(overTorch >= target)}`,
  ];
});

printTable(
  `bench:train (${machine()}, ${cpus()[0]?.model ?? 'unknown cpu'}, ${cpus().length} cores, load average ${loadAtStart.toFixed(1)} at start)`,
  [
    'model',
    'engine (samples/s, path)',
    'PyTorch, 1 thread',
    'engine ÷ PyTorch',
    'stock cpu',
    'stock wasm',
    'engine ÷ stock cpu',
    'engine GFLOP/s (% of SIMD peak)',
    'PyTorch GFLOP/s (% of SIMD peak)',
    'target',
  ],
  rows,
);

const image = BENCH_MODELS['image-cnn'];
const mnistCpu = BENCH_MODELS['mnist-cnn'].stock.cpu;
const mlp = BENCH_MODELS['penguins-mlp'];
console.log(`
Samples per second of training, single-threaded unless said otherwise.
- engine: the model from buildModel (the tabular MLP: the same layers built by the bench, as the mlp family has one width), trained by the worker's trainTrial (per-epoch seeded shuffle) on wasm with registerWasmConvKernels; "fused": the fused dense path (docs/training.md), "tfjs": model.fit; no validation split; median of ${image.engineEpochs - 1} epochs after one warm-up epoch (${mlp.engineEpochs - 1} for the penguins MLP, ${BENCH_MODELS['tabular-mlp'].engineEpochs - 1} for the tabular one).
${Object.values(BENCH_MODELS)
  .map((m) => `  - ${m.label}: ${m.settings}.`)
  .join('\n')}
- PyTorch: ${torchMissing ? `not measured: ${torchMissing}` : `torch ${torchVersion} (Debian's python3-torch, CPU) run by /usr/bin/python3 with torch.set_num_threads(1)`}; bench/train-pytorch.py rebuilds the same layers from the TF.js model (PyTorch's own initialisation), trains on the same rows with the same batch size, Adam, learning rate and loss (CrossEntropyLoss on the logits, the softmax inside the loss) for as many epochs as the engine, shuffled each epoch, and reports the median epoch after the first.
- stock cpu / stock wasm: @tensorflow/tfjs 4.22 as shipped, with the same model, Adam and loss, trained by model.fit, each in a fresh process. The cpu backend takes seconds per sample on the CNNs, so it is timed on ${image.stock.cpu.rounds} batches of ${image.stock.cpu.samples} (image CNN) or of ${mnistCpu.samples} (MNIST CNN) after one warm-up batch and scaled per sample; the MLPs get whole epochs.
${errors.map((e, i) => `- ${superscript(i + 1)} stock wasm fails at the first batch: "${e}"${e.includes('Conv2DBackpropFilter') ? '; @tensorflow/tfjs-backend-wasm has no weight gradient for Conv2D, so no conv net trains there' : ''}.`).join('\n')}
- GFLOP/s: the model's training FLOPs per sample (forward, input gradient and weight gradient of every conv and dense layer, less the first layer's input gradient, which is never computed; pooling, activations, dropout, loss and the optimizer not counted) times samples/s. SIMD peak: ${peak.gflops.toFixed(1)} GFLOP/s, measured by bench/wasm-simd-peak.ts (${peak.chains} independent f32x4 multiply-then-add chains in a hand-assembled wasm loop; 128-bit wasm SIMD has no fused multiply-add, so 8 FLOPs per cycle on two vector ports is its ceiling): no single-threaded wasm engine can compute faster on this machine, and PyTorch (native code with AVX2/AVX-512 and FMA) is not bound by it.
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
