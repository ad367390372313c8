/**
 * bench:train — training throughput (samples/s) of the lesson's image CNN, the MNIST CNN, the penguins MLP of the
 * examples and a wider tabular MLP: Tuneboard's engine against PyTorch on one thread (the peer users would pick
 * instead) and against stock TF.js on cpu and on wasm, with two bounds: the arithmetic rate PyTorch reaches on the
 * same model, and this machine's single-thread peak for 128-bit wasm SIMD. Each column runs in a process of its own
 * (bench/train-columns.ts); the browser columns train in headless Chromium through the built app (bench/train-browser.ts).
 * Run: npm run bench:train [-- --no-browser]
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Column, SimdPeak, Throughput } from './train-columns.ts';
import {
  BROWSER_BACKENDS,
  BROWSER_RUNS,
  type BrowserFigure,
  type BrowserFigures,
  browserColumnsSkipped,
  measureInBrowser,
} from './train-browser.ts';
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
let browserNote = browserColumnsSkipped(process.argv.slice(2));
let browser: BrowserFigures = { rows: {}, chromium: '' };
if (!browserNote) {
  browser = await measureInBrowser(BENCH_MODELS).catch((error: unknown) => {
    browserNote = `failed: ${error instanceof Error ? error.message : String(error)}`;
    return browser;
  });
}
const browserErrors: string[] = [];
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
    ...BROWSER_BACKENDS.map((backend) => browserCell(browser.rows[id]?.figures[backend], `${model.label.split(',')[0]} on ${backend}`)),
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
    'browser WebGPU',
    'browser WebGL',
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
- browser WebGPU / WebGL: ${browserNote ?? describeBrowser()}
- GFLOP/s: the model's training FLOPs per sample (forward, input gradient and weight gradient of every conv and dense layer, less the first layer's input gradient, which is never computed; pooling, activations, dropout, loss and the optimizer not counted) times samples/s. SIMD peak: ${peak.gflops.toFixed(1)} GFLOP/s, measured by bench/wasm-simd-peak.ts (${peak.chains} independent f32x4 multiply-then-add chains in a hand-assembled wasm loop; 128-bit wasm SIMD has no fused multiply-add, so 8 FLOPs per cycle on two vector ports is its ceiling): no single-threaded wasm engine can compute faster on this machine, and PyTorch (native code with AVX2/AVX-512 and FMA) is not bound by it.
- whole run: ${((performance.now() - started) / 1000).toFixed(0)} s.`);

function footnoteFor(error: string): string {
  const index = errors.includes(error) ? errors.indexOf(error) : errors.push(error) - 1;
  return superscript(index + 1);
}

/** A browser cell: the rate, marked when the adapter is SwiftShader (Chromium's software renderer, no GPU). */
function browserCell(figure: BrowserFigure | undefined, what: string): string {
  if (!figure) return '—';
  if ('error' in figure) {
    // Playwright's errors go on with a multi-line call log: the first line says what failed.
    browserErrors.push(`${what} failed: ${figure.error.split('\n')[0]}`);
    return 'failed (below)';
  }
  return `${rate(figure.samplesPerSecond)}${/swiftshader/i.test(figure.adapter) ? ' (SwiftShader)' : ''}`;
}

/** Epochs timed per row, and the rows trained where fewer than the engine's. */
function browserRunsNote(): string {
  const runs = Object.entries(BROWSER_RUNS).map(([id, run]) => {
    const model: BenchModel = BENCH_MODELS[id as BenchModelId];
    const row = browser.rows[id as BenchModelId];
    const rows =
      row && run.limit
        ? `, on ${row.trainRows} training rows (${model.dataset ? `the example's data set with limit ${run.limit}` : 'its first rows'})`
        : '';
    return `${run.epochs - 1} timed for the ${model.label.split(/,| \(/)[0]}${rows}`;
  });
  return `${runs.join('; ')}: SwiftShader stored no epoch of the CNNs' full rows within the 90 s progress bound, and the rate does not depend on the row count; "—": not run, as the tabular MLP's random rows have no built-in data set and a CSV upload would be standardised into other values`;
}

function describeBrowser(): string {
  const adapters = new Set(
    Object.values(browser.rows).flatMap((row) =>
      BROWSER_BACKENDS.flatMap((backend) => {
        const figure = row!.figures[backend];
        return 'adapter' in figure ? [`${backend}: "${figure.adapter}"`] : [];
      }),
    ),
  );
  const software = [...adapters].some((adapter) => /swiftshader/i.test(adapter));
  const validation = Object.entries(browser.rows)
    .filter(([, row]) => row!.validationRows > 0)
    .map(([id, row]) => `${row!.validationRows} for the ${BENCH_MODELS[id as BenchModelId].label.split(' (')[0]}`)
    .join(', ');
  return [
    `the browser worker (/worker?study=ID&backend=webgpu, then webgl) in headless Chromium ${browser.chromium} (--enable-unsafe-webgpu --enable-unsafe-swiftshader, as tests/e2e/browser.ts launches it), started against the built app (tuneboard serve); one backend: "browser" study per row and backend, created through POST /api/v1/studies with the row's model, batch size and training rows (the example's data set; the image CNN's rows uploaded as .npy), trained by the same trainTrial on TF.js's webgpu or webgl backend (never the fused CPU path); samples/s from the training split and the median stored epoch_time after the first epoch (${browserRunsNote()}).`,
    `Adapters found (the trials' worker column, browser:<backend>:<adapter>): ${[...adapters].join('; ') || 'none'}.`,
    software
      ? '**On this machine these are SwiftShader figures: Chromium emulates the GPU in software on the CPU, so they show that training runs in a browser, not how fast a GPU trains; on a machine with a GPU the same command measures it.**'
      : '',
    validation
      ? `Each browser epoch also evaluates the example's validation split (${validation} rows, forward only), which the engine's epochs skip.`
      : '',
    browserErrors.map((e) => `${e}.`).join(' '),
  ]
    .filter(Boolean)
    .join(' ');
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
