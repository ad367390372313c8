/**
 * bench:api — the v1 HTTP API under clients that report as fast as they can. A real `tuneboard serve` (built
 * dashboard, SQLite) holds an external study; 1 client, then 8 concurrent clients (each asks for its own trial
 * and reports epochs back to back, 5 metrics each, through lib/client's Trial.report) run for --seconds; epochs/s
 * is counted in the database. Then `ask` latency: --asks sequential asks (each trial is reported once and finished,
 * so the study's history grows as it would), p50/p95 of the ask alone.
 * CPU per epoch, of serve's process and of the clients' (this one), says where the time goes: on a 2-core machine
 * both share the cores. Targets (issue 14): 8 clients ≥ 2,000 epochs/s stored; ask < 20 ms p95.
 * Run: npm run build && npm run bench:api [-- --seconds 10 --asks 300]
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Study, type Trial } from '../lib/client/index.ts';
import { MAX_EPOCHS } from '../spec/bounds.ts';
import { startApp, type RunningApp } from '../tests/e2e/app-server.ts';
import { percentile } from '../tests/load/live-clients.ts';
import { machine, printTable } from './table.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, asks: { type: 'string', default: '300' } } });
const SECONDS = Number(values.seconds);
const ASKS = Number(values.asks);
const METRICS = 5;

function spec(name: string, trials: number, epochs: number) {
  return {
    name,
    model: { family: 'external' },
    space: { lr: { type: 'float', min: 1e-4, max: 0.1, log: true }, hidden: { type: 'choice', values: [64, 128, 256] } },
    fixed: { epochs },
    strategy: { type: 'random', trials, seed: 1 },
    objective: { metric: 'val_loss', direction: 'minimize' },
  };
}

/** One client's loop: epochs 1, 2, … with 5 metrics each, back to back, until the deadline. */
const lastEpoch = new Map<Trial, number>();
async function reportUntil(trial: Trial, deadline: number): Promise<number> {
  const first = lastEpoch.get(trial) ?? 0;
  let epoch = first;
  while (Date.now() < deadline) {
    epoch++;
    lastEpoch.set(trial, epoch);
    const action = await trial.report(epoch, {
      loss: 1 / epoch,
      val_loss: 1.1 / epoch,
      accuracy: 1 - 1 / (epoch + 1),
      val_accuracy: 1 - 1.1 / (epoch + 1),
      lr: 0.01,
    });
    if (action !== 'continue') throw new Error(`trial ${trial.id}: ${action} (${trial.reason})`);
  }
  return epoch - first;
}

function storedEpochs(db: string, studyId: number): number {
  const sqlite = new Database(db, { readonly: true });
  try {
    const { n } = sqlite
      .prepare('SELECT count(*) AS n FROM epoch_metrics m JOIN trials t ON t.id = m.trial_id WHERE t.study_id = ?')
      .get(studyId) as { n: number };
    return n / METRICS;
  } finally {
    sqlite.close();
  }
}

/** CPU seconds (user + system) the process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

interface Throughput {
  epochsPerS: number;
  sent: number;
  stored: number;
  /** CPU ms per epoch of the clients (this process) and of the server (serve's process, where the v1 routes run). */
  clientMs: number;
  serverMs: number;
}

/** `clients` concurrent clients, each its own trial, for SECONDS: epochs/s stored (counted in the database). */
async function throughput(app: RunningApp, clients: number): Promise<Throughput> {
  const study = await Study.create(spec(`bench-api-${clients}`, clients, MAX_EPOCHS), { url: app.url });
  const trials = await Promise.all(Array.from({ length: clients }, (_, i) => study.ask(`bench:${i}`)));
  // A short warm-up (the routes' first requests compile nothing, but the JIT and the study cache warm).
  await Promise.all(trials.map((t) => reportUntil(t!, Date.now() + 1000)));
  const before = storedEpochs(app.db, study.id);
  const clientCpu = process.cpuUsage();
  const serverCpu = cpuSeconds(app.pid);
  const started = performance.now();
  const deadline = Date.now() + SECONDS * 1000;
  const sent = (await Promise.all(trials.map((t) => reportUntil(t!, deadline)))).reduce((a, b) => a + b, 0);
  const seconds = (performance.now() - started) / 1000;
  const serverMs = ((cpuSeconds(app.pid) - serverCpu) * 1000) / sent;
  const { user, system } = process.cpuUsage(clientCpu);
  const stored = storedEpochs(app.db, study.id) - before;
  for (const t of trials) await t!.finish();
  return { epochsPerS: stored / seconds, sent, stored, clientMs: (user + system) / 1000 / sent, serverMs };
}

/** ASKS sequential asks, each trial reported once and finished: the ask's own latency. */
async function askLatency(app: RunningApp): Promise<{ p50: number; p95: number; max: number }> {
  const study = await Study.create(spec('bench-api-ask', ASKS + 20, 1), { url: app.url });
  const times: number[] = [];
  for (let i = 0; i < ASKS + 20; i++) {
    const t = performance.now();
    const trial = await study.ask('bench:ask');
    const ms = performance.now() - t;
    if (!trial) throw new Error('the study ended early');
    if (i >= 20) times.push(ms); // the first 20 warm up
    await trial.report(1, { loss: 1, val_loss: 1 + i / 1000, accuracy: 0.5, val_accuracy: 0.5, lr: 0.01 });
    await trial.finish();
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95), max: times[times.length - 1] };
}

const dir = mkdtempSync(join(tmpdir(), 'tb-bench-api-'));
const app = await startApp(dir, 1);
try {
  const one = await throughput(app, 1);
  const eight = await throughput(app, 8);
  const ask = await askLatency(app);
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  printTable(
    `bench:api — external-study clients against \`tuneboard serve\` on SQLite, ${METRICS} metrics per epoch, ${SECONDS} s per run (${machine()})`,
    ['measure', 'value', 'target'],
    [
      ['epochs/s stored, 1 client', fmt(one.epochsPerS), ''],
      ['epochs/s stored, 8 concurrent clients', fmt(eight.epochsPerS), '≥ 2,000'],
      ['CPU per epoch, 8 clients: server (serve)', `${eight.serverMs.toFixed(2)} ms`, ''],
      ['CPU per epoch, 8 clients: clients (lib/client, fetch)', `${eight.clientMs.toFixed(2)} ms`, ''],
      ['ask latency p50', `${ask.p50.toFixed(1)} ms`, ''],
      ['ask latency p95', `${ask.p95.toFixed(1)} ms`, '< 20 ms'],
      ['ask latency max', `${ask.max.toFixed(1)} ms`, ''],
    ],
  );
  console.log(
    `\n(epochs answered = stored: 1 client ${one.sent} = ${one.stored}, 8 clients ${eight.sent} = ${eight.stored}; ${ASKS} asks)`,
  );
  if (one.sent !== one.stored || eight.sent !== eight.stored) throw new Error('epochs answered and epochs stored differ');
} finally {
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
}
