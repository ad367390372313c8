/**
 * bench:load — the runner's throughput while dashboards poll. A real study (the app's own runner, one worker)
 * trains tiny models for many epochs, writing metrics as fast as it can. Three conditions take turns in 10 s
 * blocks until each has had --seconds: nobody watching; 20 clients polling the live endpoint the study page polls
 * (GET /api/studies/ID/trials?after=…&unfinished=…, as use-live-trials.ts does) at the dashboard's 2 s cadence;
 * the same clients back to back. Throughput is epochs written per second (counted in the database); clients
 * report errors (must be 0), polls per second and their latency (a page's first full load is not timed).
 * Everything stays on loopback and ends with the run.
 * Run: npm run build && npm run bench:load [-- --seconds 60 --clients 20]
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startApp, type RunningApp } from '../tests/e2e/app-server.ts';
import { mergeStats, metricWritingSpec, percentile, pollLiveTrials, type PollStats } from '../tests/load/live-clients.ts';
import { machine, printTable } from './table.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, clients: { type: 'string', default: '20' } } });
const SECONDS = Number(values.seconds);
const CLIENTS = Number(values.clients);
const DASHBOARD_POLL_MS = 2000;
const WARMUP_S = 10;
const BLOCK_S = 10;

const SPEC = metricWritingSpec(200, 100_000);

interface Phase {
  label: string;
  seconds: number;
  epochs: number;
  polls: PollStats | null;
}

/** Blocks of one condition taken together: time and epochs add up, latencies are pooled. */
function merge(label: string, parts: Phase[]): Phase {
  const polled = parts.map((p) => p.polls).filter((p): p is PollStats => p !== null);
  return {
    label,
    seconds: parts.reduce((n, p) => n + p.seconds, 0),
    epochs: parts.reduce((n, p) => n + p.epochs, 0),
    polls: polled.length ? mergeStats(polled) : null,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'tb-bench-load-'));
let app: RunningApp | undefined;
try {
  app = await startApp(dir, 1);
  const origin = app.url;
  const created = await fetch(`${origin}/api/studies`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ spec: SPEC }),
  });
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

  /** One block: the epochs the runner wrote in it and, when clients polled, what they saw. */
  const block = async (seconds: number, intervalMs: number | null): Promise<Phase> => {
    const before = epochs();
    const t = performance.now();
    const polls =
      intervalMs === null
        ? (await sleep(seconds * 1000), null)
        : await pollLiveTrials({ url: app!.url, studyId: id, clients: CLIENTS, seconds, intervalMs });
    return { label: '', seconds: (performance.now() - t) / 1000, epochs: epochs() - before, polls };
  };
  // The three conditions take turns in short blocks, so that other work on the machine weighs on all of them alike.
  const conditions = [
    { label: 'alone', intervalMs: null },
    { label: `${CLIENTS} clients, every ${DASHBOARD_POLL_MS / 1000} s (dashboard cadence)`, intervalMs: DASHBOARD_POLL_MS },
    { label: `${CLIENTS} clients, back to back (stress)`, intervalMs: 0 },
  ];
  const blocks = conditions.map(() => [] as Phase[]);
  for (let round = 0; round < Math.max(1, Math.round(SECONDS / BLOCK_S)); round++)
    for (const [i, condition] of conditions.entries()) blocks[i].push(await block(Math.min(BLOCK_S, SECONDS), condition.intervalMs));
  const phases: Phase[] = conditions.map((condition, i) => merge(condition.label, blocks[i]));
  db.close();

  const rate = (p: Phase) => p.epochs / p.seconds;
  const alone = rate(phases[0]);
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  printTable(
    `bench:load — one runner worker training tiny MLPs, ${CLIENTS} clients polling the live trials endpoint (${machine()})`,
    ['phase', 'runner epochs/s', 'change vs alone', 'polls/s', 'errors', 'latency p50', 'latency p95', 'target'],
    phases.map((p) => [
      p.label,
      rate(p).toFixed(1),
      p.polls ? `${(((rate(p) - alone) / alone) * 100).toFixed(1)}%` : '',
      p.polls ? (p.polls.requests / p.seconds).toFixed(1) : '',
      p.polls ? p.polls.errors : '',
      p.polls ? ms(percentile(p.polls.latencies, 0.5)) : '',
      p.polls ? ms(percentile(p.polls.latencies, 0.95)) : '',
      p.polls && p.label.includes('dashboard') ? 'errors 0, drop < 10%' : '',
    ]),
  );
  const spread = (i: number) => blocks[i].map((b) => rate(b).toFixed(0)).join(', ');
  console.log(
    `\n${SECONDS} s per condition in ${blocks[0].length} rounds of ${BLOCK_S} s blocks (alone, cadence, stress), after a warm-up of ${WARMUP_S} s.`,
  );
  console.log(`epochs/s per block: alone ${spread(0)}; cadence ${spread(1)}; stress ${spread(2)}`);
  for (const p of phases) if (p.polls?.errors) console.log(`${p.label}: first errors: ${p.polls.firstErrors.join('; ')}`);
} finally {
  await app?.stop();
  rmSync(dir, { recursive: true, force: true });
}
