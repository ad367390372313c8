import { spawn, type ChildProcess } from 'node:child_process';
import { after } from 'node:test';
import type { TrialStore } from '../../db/trial-store.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import type { StudySpecInput } from '../../spec/study-spec.ts';
import { createStudy } from '../../tuner/create-study.ts';
import { ProgressWatch, STALL_MS } from '../helpers/progress-watch.ts';

/** A `tuneboard runner` process with its stderr kept (it logs each finished trial). */
export interface RunnerProcess {
  child: ChildProcess;
  log: () => string;
  exited: Promise<number | null>;
}

/** Starts `tuneboard runner --db URL --workers N` as its own process; killed when the test file ends. */
export function startRunner(db: string, workers = 1, dataDir?: string): RunnerProcess {
  const child = spawn(process.execPath, ['bin/tuneboard.mjs', 'runner', '--db', db, '--workers', String(workers)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...(dataDir ? { TUNEBOARD_DATA_DIR: dataDir } : {}) },
  });
  let log = '';
  child.stderr!.on('data', (chunk) => (log += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, log: () => log, exited };
}

/**
 * Polls the store until `check` holds, failing with what the runners logged once `progress` (a description of the
 * work stored, e.g. each trial's state and epochs) has not changed for STALL_MS.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  runners: RunnerProcess[],
  progress: () => Promise<unknown>,
): Promise<T> {
  const watch = new ProgressWatch(progress);
  for (;;) {
    const value = await check();
    if (value) return value;
    const stalled = await watch.stalledMs();
    if (stalled > STALL_MS)
      throw new Error(
        `waiting for ${what}: nothing new stored for ${Math.round(stalled / 1000)} s; runner logs:\n${runners.map((r) => r.log()).join('\n---\n')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** What a study's trials have stored so far: each one's state and epochs (the progress waitFor watches). */
export function trialProgress(store: TrialStore, studyId: number): () => Promise<unknown> {
  return async () => (await store.listTrials(studyId)).map((t) => [t.state, t.epochsRun]);
}

/** Stops runners the way an operator would (SIGTERM) and waits for them to exit. */
export async function stopRunners(runners: RunnerProcess[]): Promise<void> {
  for (const r of runners) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGTERM');
  await Promise.all(runners.map((r) => r.exited));
}

export async function queueStudy(store: TrialStore, input: StudySpecInput) {
  return createStudy(store, parseStudySpec(input), process.cwd());
}

/** A small grid on penguins: `units` × `dropout` × `n_layers` tiny MLPs. */
export function penguinsGrid(name: string, epochs: number, units: number[]): StudySpecInput {
  return {
    name,
    dataset: { source: 'penguins' },
    model: { family: 'mlp', task: 'classification' },
    space: {
      n_layers: { type: 'int', min: 1, max: 2 },
      dropout: { type: 'float', min: 0.2, max: 0.8, step: 0.3 },
      units: { type: 'choice', values: units },
    },
    fixed: { epochs, batch_size: 32 },
  };
}
