/**
 * bench:load — the runner's throughput while dashboards poll. A real study (the app's own runner, one worker)
 * trains tiny models for many epochs, writing metrics as fast as it can; meanwhile phases alternate: nobody
 * watching, then 20 clients polling the live endpoint the study page polls (GET /api/studies/ID/trials?after=…&
 * unfinished=…, as use-live-trials.ts does) at the dashboard's 2 s cadence, then the same clients back to back,
 * then nobody again. Throughput is epochs written per second (counted in the database); clients report errors
 * (must be 0), requests per second and latency. Everything stays on loopback and ends after the phases.
 * Run: npm run build && npm run bench:load [-- --seconds 60 --clients 20]
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startApp, type RunningApp } from '../tests/e2e/app-server.ts';
import { pollLiveTrials, type PollStats } from '../tests/load/live-clients.ts';
import { machine, printTable } from './table.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, clients: { type: 'string', default: '20' } } });
const SECONDS = Number(values.seconds);
const CLIENTS = Number(values.clients);
const DASHBOARD_POLL_MS = 2000;
const WARMUP_S = 10;

/** Tiny MLPs on penguins with big batches: each epoch takes milliseconds, so metric writes are as dense as they get. */
const SPEC = {
  name: 'load',
  dataset: { source: 'penguins' },
  model: { family: 'mlp' },
  space: { learning_rate: { type: 'float', min: 0.001, max: 0.01, log: true } },
  fixed: { epochs: 200, batch_size: 256, units: 8, n_layers: 1 },
  strategy: { type: 'random', trials: 100_000, seed: 1 },
  save_models: 'none',
  workers: 1,
};

interface Phase {
  label: string;
  seconds: number;
  epochs: number;
  polls: PollStats | null;
}

const dir = mkdtempSync(join(tmpdir(), 'tb-bench-load-'));
let app: RunningApp | undefined;
try {
  app = await startApp(dir, 1);
  const origin = app.url;
  const created = await fetch(`${origin}/api/studies`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ spec: SPEC }) });
  if (created.status !== 201) throw new Error(`could not create the study: ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: number };
  const db = new Database(app.db, { readonly: true });
  const epochs = () => (db.prepare(`SELECT count(*) AS n FROM epoch_metrics WHERE name = 'loss'`).get() as { n: number }).n;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const startedAt = performance.now();
  while (epochs() === 0) {
    if (performance.now() - startedAt > 120_000) throw new Error('the study wrote no epoch within 120 s');
    await sleep(200);
  }
  await sleep(WARMUP_S * 1000);

  const phase = async (label: string, seconds: number, intervalMs: number | null): Promise<Phase> => {
    const before = epochs();
    const t = performance.now();
    const polls = intervalMs === null ? (await sleep(seconds * 1000), null) : await pollLiveTrials({ url: app!.url, studyId: id, clients: CLIENTS, seconds, intervalMs });
    const elapsed = (performance.now() - t) / 1000;
    return { label, seconds: elapsed, epochs: epochs() - before, polls };
  };
  const phases = [
    await phase('alone (before)', SECONDS / 2, null),
    await phase(`${CLIENTS} clients, every ${DASHBOARD_POLL_MS / 1000} s (dashboard cadence)`, SECONDS, DASHBOARD_POLL_MS),
    await phase(`${CLIENTS} clients, back to back (stress)`, SECONDS, 0),
    await phase('alone (after)', SECONDS / 2, null),
  ];
  db.close();

  const rate = (p: Phase) => p.epochs / p.seconds;
  const alone = (phases[0].epochs + phases[3].epochs) / (phases[0].seconds + phases[3].seconds);
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  printTable(
    `bench:load — one runner worker training tiny MLPs, ${CLIENTS} clients polling the live trials endpoint (${machine()})`,
    ['phase', 'runner epochs/s', 'change vs alone', 'requests/s', 'errors', 'latency p50', 'latency p95', 'target'],
    phases.map((p) => [
      p.label,
      rate(p).toFixed(1),
      p.polls ? `${(((rate(p) - alone) / alone) * 100).toFixed(1)}%` : '',
      p.polls ? (p.polls.requests / p.seconds).toFixed(1) : '',
      p.polls ? p.polls.errors : '',
      p.polls ? ms(p.polls.p50) : '',
      p.polls ? ms(p.polls.p95) : '',
      p.polls && p.label.includes('dashboard') ? 'errors 0, drop < 10%' : '',
    ]),
  );
  console.log(`\nalone: ${alone.toFixed(1)} epochs/s (mean of the two alone phases, ${SECONDS / 2} s each); study ${id}, after a warm-up of ${WARMUP_S} s`);
  for (const p of phases) if (p.polls?.errors) console.log(`${p.label}: first errors: ${p.polls.firstErrors.join('; ')}`);
} finally {
  await app?.stop();
  rmSync(dir, { recursive: true, force: true });
}
