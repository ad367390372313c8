import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { createRng } from '../../lib/random.ts';
import { gridPoint, paramsKey, type Params } from '../../tuner/space.ts';
import { gridSize } from '../../spec/search-space.ts';
import { ProgressWatch, STALL_MS } from '../helpers/progress-watch.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Real runner processes (`tuneboard run`), SIGKILLed at seeded random moments (while workers start, while trials
 * train and write their epochs, between trials), restarted each time, then run to the end. Nothing may be lost or
 * run twice, and seeded strategies must propose what an uninterrupted run proposes.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const dir = tempDir('tb-kill-');
const rng = createRng(20_260_707);
const EPOCHS = 4;

/** `interrupted`: trials left running that had started training (an attempt); `claimed`: all left running. */
interface KillPoint {
  study: string;
  moment: string;
  interrupted: number;
  claimed: number;
}
const kills: KillPoint[] = [];
let continued = 0;

function writeSpec(name: string, extra: object): string {
  const path = join(dir, `${name}.json`);
  const spec = {
    name,
    dataset: { source: 'penguins' },
    model: { family: 'mlp' },
    fixed: { epochs: EPOCHS, batch_size: 8 },
    // Many kills may hit one trial: this test checks that none is lost, not the attempt limit.
    max_attempts: 100,
    save_models: 'none',
    ...extra,
  };
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

/**
 * One `tuneboard run`; killed at the moment `killAt` picks (null: left to finish). Resolves how it ended; rejects
 * when the run stored nothing new for STALL_MS (a busy machine is slow, not stuck).
 */
function runOnce(
  specPath: string,
  db: string,
  workers: number,
  killAt: ((line: string) => boolean) | null,
  delayMs: number,
): Promise<'killed' | number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/tuneboard.mjs', 'run', specPath, '--db', db, '--workers', String(workers)], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let killed = false;
    const kill = () => {
      if (child.exitCode !== null || killed) return;
      killed = true;
      child.kill('SIGKILL');
    };
    if (killAt === null) {
      // Leave it to finish.
    } else {
      createInterface({ input: child.stderr }).on('line', (line) => {
        if (line.startsWith('Continuing study')) continued++;
        if (killAt(line)) setTimeout(kill, delayMs);
      });
    }
    child.stderr.resume();
    const watch = new ProgressWatch(() => storedWork(db));
    const watching = setInterval(async () => {
      const stalled = await watch.stalledMs();
      if (stalled <= STALL_MS || child.exitCode !== null) return;
      child.kill('SIGKILL');
      reject(new Error(`${specPath}: nothing new stored for ${Math.round(stalled / 1000)} s`));
    }, 1000);
    child.once('exit', (code) => {
      clearInterval(watching);
      resolve(killed ? 'killed' : (code ?? 1));
    });
  });
}

/** What the database holds right after a kill: trials left running, and of those the ones that had started. */
function runningTrials(db: string): { interrupted: number; claimed: number } {
  if (!existsSync(db)) return { interrupted: 0, claimed: 0 };
  const sqlite = new Database(db);
  try {
    return sqlite.prepare("SELECT count(started_at) AS interrupted, count(*) AS claimed FROM trials WHERE state = 'running'").get() as {
      interrupted: number;
      claimed: number;
    };
  } catch (error) {
    // Killed after creating the file, before its tables.
    if (/no such table/.test((error as Error).message)) return { interrupted: 0, claimed: 0 };
    throw error;
  } finally {
    sqlite.close();
  }
}

/** The work a run has stored so far: its trials' states and its epochs (nothing yet without tables). */
function storedWork(db: string): unknown {
  if (!existsSync(db)) return null;
  const sqlite = new Database(db, { readonly: true });
  try {
    return sqlite
      .prepare('SELECT (SELECT group_concat(state) FROM trials) AS trials, (SELECT count(*) FROM epoch_metrics) AS epochs')
      .get();
  } catch {
    return null;
  } finally {
    sqlite.close();
  }
}

function studyCompleted(db: string): boolean {
  if (!existsSync(db)) return false;
  const sqlite = new Database(db, { readonly: true });
  try {
    return sqlite.prepare("SELECT count(*) FROM studies WHERE state = 'completed'").pluck().get() === 1;
  } finally {
    sqlite.close();
  }
}

/**
 * Kills `runs` times at random moments: half while the runner starts (opening the database, recovering, starting
 * workers), half a few ms to a quarter second after a trial finished (others train and write epochs). Then runs it to the end.
 */
async function killAndResume(study: string, specPath: string, db: string, workers: number, runs: number): Promise<void> {
  for (let i = 0; i < runs; i++) {
    const whileStarting = rng() < 0.5;
    const delay = whileStarting ? Math.round(rng() * 2000) : Math.round(rng() * 250);
    const finishedTrials = whileStarting ? 0 : Math.floor(rng() * 2);
    let seen = 0;
    const trigger = whileStarting
      ? (line: string) => line.startsWith('Study ')
      : (line: string) => line.includes(' trials · ') && seen++ === finishedTrials;
    const ended = await runOnce(specPath, db, workers, trigger, delay);
    if (ended !== 'killed') {
      assert.equal(ended, 0, `${study}: a run ended by itself but failed`);
      return;
    }
    kills.push({
      study,
      moment: whileStarting ? `${delay} ms after the runner started` : `${delay} ms after trial ${finishedTrials + 1} finished`,
      ...runningTrials(db),
    });
    // Killed after the study completed, before the process exited: a restart would rightly start a new study.
    if (studyCompleted(db)) return;
  }
  assert.equal(await runOnce(specPath, db, workers, null, 0), 0, `${study}: the last run completes`);
}

function open(db: string) {
  const sqlite = new Database(db, { readonly: true });
  after(() => sqlite.close());
  return sqlite;
}

type TrialRecord = { id: number; number: number; state: string; params: string; attempt: number; objective: number | null };

/** The checks every study must pass once it has run to the end. */
function checkIntact(name: string, db: string): TrialRecord[] {
  const sqlite = open(db);
  assert.equal(sqlite.pragma('integrity_check', { simple: true }), 'ok');
  assert.deepEqual(sqlite.pragma('foreign_key_check'), []);
  const studies = sqlite.prepare('SELECT id, state FROM studies').all() as { id: number; state: string }[];
  assert.deepEqual(
    studies.map((s) => s.state),
    ['completed'],
    `${name}: one study (each restart continued it), completed`,
  );
  const trials = sqlite.prepare('SELECT id, number, state, params, attempt, objective FROM trials ORDER BY number').all() as TrialRecord[];
  for (const t of trials) {
    assert.equal(t.state, 'completed', `${name}: trial ${t.number} is ${t.state}`);
    const metrics = sqlite
      .prepare(
        'SELECT name, group_concat(epoch) AS epochs FROM (SELECT name, epoch FROM epoch_metrics WHERE trial_id = ? ORDER BY name, epoch) GROUP BY name',
      )
      .all(t.id) as { name: string; epochs: string }[];
    assert.ok(metrics.length >= 3, `${name}: trial ${t.number} has metrics`);
    for (const m of metrics) assert.equal(m.epochs, '0,1,2,3', `${name}: trial ${t.number} ${m.name} epochs`);
    const summaries = sqlite.prepare('SELECT DISTINCT epochs FROM trial_metric_summaries WHERE trial_id = ?').pluck().all(t.id);
    assert.deepEqual(summaries, [EPOCHS], `${name}: trial ${t.number} summaries count every epoch once`);
  }
  assert.equal(sqlite.prepare('SELECT count(*) FROM trial_leases').pluck().get(), 0, 'no trial is left held');
  assert.equal(sqlite.prepare('SELECT count(*) FROM study_leases').pluck().get(), 0, 'no study is left held');
  const interrupted = kills.filter((k) => k.study === name).reduce((n, k) => n + k.interrupted, 0);
  assert.equal(
    trials.reduce((n, t) => n + t.attempt, 0),
    interrupted,
    `${name}: every run interrupted while training is counted as an attempt, no other`,
  );
  return trials;
}

describe('kill -9 and resume, with real runner processes', () => {
  test('a grid loses no point and runs none twice', async () => {
    const space = {
      units: { type: 'choice', values: [4, 8, 16] },
      n_layers: { type: 'int', min: 1, max: 2 },
      learning_rate: { type: 'choice', values: [0.01, 0.05] },
      // 24 points: enough work left for every planned kill to land before the study ends, on a fast machine too.
      dropout: { type: 'choice', values: [0, 0.2] },
    } as const;
    const db = join(dir, 'grid', 'tune.db');
    await killAndResume('grid', writeSpec('grid', { space, workers: 2 }), db, 2, 12);
    const trials = checkIntact('grid', db);
    const expected = Array.from({ length: gridSize(space as never) }, (_, i) => paramsKey(gridPoint(space as never, i)));
    const done = trials.map((t) => paramsKey(JSON.parse(t.params) as Params));
    const duplicates = done.length - new Set(done).size;
    const lost = expected.filter((k) => !done.includes(k)).length;
    console.log(
      `grid: ${kills.length} kill points, ${kills.reduce((n, k) => n + k.interrupted, 0)} trial runs interrupted, ${continued} restarts continued the study; trials lost ${lost}, duplicates ${duplicates}; attempts ${JSON.stringify(trials.map((t) => t.attempt))}`,
    );
    assert.equal(duplicates, 0);
    assert.equal(lost, 0);
    assert.equal(trials.length, expected.length);
  });

  for (const [name, strategy, workers] of [
    ['random', { type: 'random', trials: 5, seed: 3 }, 2],
    // One worker: each TPE proposal then depends on every earlier trial's objective, which must come out the same.
    ['tpe', { type: 'tpe', trials: 5, seed: 5, startup_trials: 2 }, 1],
  ] as const) {
    test(`${name}: a killed and resumed study proposes what an uninterrupted one does`, async () => {
      const space = { units: { type: 'int', min: 2, max: 64 }, learning_rate: { type: 'float', min: 0.001, max: 0.1, log: true } };
      const spec = writeSpec(name, { space, strategy, workers });
      const referenceDb = join(dir, `${name}-reference`, 'tune.db');
      assert.equal(await runOnce(spec, referenceDb, workers, null, 0), 0);
      const before = kills.length;
      const db = join(dir, name, 'tune.db');
      await killAndResume(name, spec, db, workers, 3);
      const trials = checkIntact(name, db);
      const reference = checkIntact(`${name}-reference`, referenceDb);
      const sameObjectives = trials.filter((t, i) => t.objective === reference[i]?.objective).length;
      console.log(
        `${name}: ${kills.length - before} kill points; params sequence ${trials.length} trials; objectives equal to the uninterrupted run's: ${sameObjectives}/${reference.length}`,
      );
      assert.deepEqual(
        trials.map((t) => JSON.parse(t.params)),
        reference.map((t) => JSON.parse(t.params)),
      );
    });
  }

  after(() => {
    console.log(`kill points tried: ${kills.length} (${kills.filter((k) => k.interrupted > 0).length} while trials trained)`);
    for (const k of kills)
      console.log(
        `  ${k.study}: killed ${k.moment}; ${k.interrupted} trial(s) interrupted while training, ${k.claimed - k.interrupted} before starting`,
      );
  });
});
