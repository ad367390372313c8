/**
 * bench:scale — what sharing a study costs. A 200-trial study of a tiny model (1 epoch, 50 rows) served by 1, 2
 * and 4 `tuneboard runner` processes of one worker each, on PostgreSQL and on a SQLite file. The runners are
 * started and warmed (a short study each) before the measured study is queued. Wall time runs from the first
 * claim to the study's end; coordination overhead per trial = (runners × wall − Σ trials' own time) / trials:
 * a runner slot's time not spent training (claims under the lock, heartbeats, results, epoch rows, dispatch).
 * Needs a PostgreSQL server: $TUNEBOARD_TEST_PG_URL, else scripts/start-postgres.sh starts one.
 * Run: npm run bench:scale
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openTrialStore } from '../tuner/open-trial-store.ts';
import type { TrialStore } from '../db/trial-store.ts';
import { parseStudySpec } from '../spec/parse-spec.ts';
import type { StudySpecInput } from '../spec/study-spec.ts';
import { createStudy } from '../tuner/create-study.ts';
import { machine, printTable } from './table.ts';

const TRIALS = 200;
const dir = mkdtempSync(join(tmpdir(), 'tb-bench-scale-'));
const server =
  process.env.TUNEBOARD_TEST_PG_URL ?? execFileSync('scripts/start-postgres.sh', { encoding: 'utf8' }).trim().split('\n').pop()!;

const tiny = (name: string, trials: number): StudySpecInput => ({
  name,
  dataset: { source: 'penguins', limit: 50 },
  model: { family: 'mlp', task: 'classification' },
  space: { units: { type: 'int', min: 1, max: trials } },
  fixed: { epochs: 1, n_layers: 1, batch_size: 32 },
  strategy: { type: 'grid' },
});

async function freshPostgres(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 50));
}

async function runStudy(store: TrialStore, input: StudySpecInput) {
  const study = await createStudy(store, parseStudySpec(input), process.cwd());
  await until(async () => ['completed', 'failed'].includes((await store.getStudy(study.id))!.state));
  const row = (await store.getStudy(study.id))!;
  const trials = await store.listTrials(study.id);
  if (row.state !== 'completed' || trials.some((t) => t.state !== 'completed' || t.attempt !== 0))
    throw new Error(`bench study ${input.name} did not complete cleanly: ${row.error ?? trials.find((t) => t.error)?.error}`);
  return { row, trials };
}

async function measure(engine: 'PostgreSQL' | 'SQLite', runners: number) {
  const db = engine === 'PostgreSQL' ? await freshPostgres(`tb_bench_scale_${runners}`) : join(dir, `scale-${runners}.db`);
  const store = await openTrialStore(db);
  const logs = Array.from({ length: runners }, () => ({ text: '' }));
  const children: ChildProcess[] = logs.map((log) => {
    const child = spawn(process.execPath, ['bin/tuneboard.mjs', 'runner', '--db', db, '--workers', '1'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, TUNEBOARD_DATA_DIR: dir },
    });
    child.stderr!.on('data', (chunk) => (log.text += chunk));
    return child;
  });
  try {
    await runStudy(store, tiny('warm-up', 4 * runners));
    const { row, trials } = await runStudy(store, tiny('measured', TRIALS));
    const wall = row.finishedAt! - Math.min(...trials.map((t) => t.createdAt));
    const own = trials.reduce((s, t) => s + (t.durationMs ?? 0), 0);
    // Runners that finished trials of the measured study (each logs `study N: trial M completed`).
    const spread = logs.filter((log) => log.text.includes(`study ${row.id}: trial`)).length;
    return { wall, overhead: (runners * wall - own) / trials.length, spread };
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : c.once('exit', resolve)))));
    await store.close();
  }
}

const rows: (string | number)[][] = [];
for (const runners of [1, 2, 4])
  for (const engine of ['SQLite', 'PostgreSQL'] as const) {
    const { wall, overhead, spread } = await measure(engine, runners);
    rows.push([
      engine,
      runners,
      `${(TRIALS / (wall / 1000)).toFixed(1)}`,
      `${(wall / 1000).toFixed(2)} s`,
      `${overhead.toFixed(1)} ms`,
      spread,
    ]);
  }
rmSync(dir, { recursive: true, force: true });
printTable(
  `bench:scale — ${TRIALS} tiny trials, runner processes of 1 worker each (${machine()}, ${availableParallelism()} cores)`,
  ['engine', 'runners', 'trials/s', 'wall', 'overhead per trial', 'runners used'],
  rows,
);
console.log("\noverhead per trial = (runners × wall − Σ trials' own time) / trials; target < 10 ms");
