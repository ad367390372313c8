import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { resolveDbPath } from '../../db/db-address.ts';
import { openTrialStore } from '../../tuner/open-trial-store.ts';
import type { StudyRow, TrialStore } from '../../db/trial-store.ts';
import { parseStudySpec, readSpecFile } from '../../spec/parse-spec.ts';
import type { StudySpec } from '../../spec/study-spec.ts';
import { rankTrials } from '../../tuner/best-trials.ts';
import { checkpointsDirFor } from '../../tuner/checkpoint-store.ts';
import { createStudy } from '../../tuner/create-study.ts';
import { createTrialRunner } from '../../tuner/create-trial-runner.ts';
import { modelsDirFor } from '../../tuner/model-store.ts';
import { StudyRun, studyConcurrency, type StudyEvent } from '../../tuner/study-run.ts';
import { terminalText } from '../format.ts';
import type { CommandArgs } from '../main.ts';
import { ProgressBar, type ProgressState } from '../progress-bar.ts';
import { GRACEFUL_STOP_MESSAGE, recoverAtStart } from '../runner-service.ts';
import { redactPassword } from '../../db/db-address.ts';
import { onShutdownSignals, SIGNAL_EXIT_CODES } from '../shutdown-signals.ts';
import { endedStudyExitCode, resultsSummary, studyJson } from '../study-report.ts';
import { UsageError } from '../usage-error.ts';
import { isEndedStudy, isUnfinishedTrial } from '../../db/states.ts';

/** `run SPEC`: continues the unfinished study of the same name and spec, if there is one, else creates the study. */
export async function runCommand(args: CommandArgs): Promise<number> {
  const [specPath] = args.positionals;
  if (!specPath) throw new UsageError('run: missing SPEC, the path of a study spec JSON file');
  const spec = readSpecFile(specPath);
  const dbPath = resolveDbPath(args.db);
  const store = await openTrialStore(dbPath);
  try {
    await recoverAtStart(store, dbPath);
    const unfinished = (await store.listStudies()).filter((s) => s.name === spec.name && !isEndedStudy(s.state));
    const same = unfinished.find((s) => sameSpec(s.spec, spec));
    if (same) {
      const done = (await store.listTrials(same.id)).filter((t) => !isUnfinishedTrial(t.state)).length;
      console.error(
        terminalText(
          `Continuing study ${same.id} "${same.name}" (${same.state}, ${done} of ${same.plannedTrials ?? '?'} trials finished): it has the same name and spec.`,
        ),
      );
      return await runStudy(store, same, args, dbPath);
    }
    for (const other of unfinished)
      console.error(
        terminalText(
          `Study ${other.id} "${other.name}" is ${other.state} with a different spec; starting a new study (\`tuneboard resume ${other.id}\` continues that one).`,
        ),
      );
    return await runStudy(store, await createStudy(store, spec, dirname(resolve(specPath))), args, dbPath);
  } finally {
    await store.close();
  }
}

/**
 * Runs a study in this process with a progress bar. SIGINT or SIGTERM stops it gracefully: running trials go back to
 * the queue from their checkpoints and the study is left paused; a second signal exits at once.
 */
export async function runStudy(store: TrialStore, study: StudyRow, args: CommandArgs, dbPath: string): Promise<number> {
  if (study.external) return describeExternal(study, args);
  if (study.state === 'running')
    throw new UsageError(`study ${study.id} "${study.name}" is running in another runner; stop that one first`);
  const spec = parseStudySpec(study.spec);
  // The pool as large as the study may use: `--workers` sizes it, the spec's `workers` bounds the study (see studyConcurrency).
  const workers = studyConcurrency(spec.workers, args.workers ?? spec.workers ?? availableParallelism());
  const runner = createTrialRunner({ workers, backend: spec.backend, workerMemoryMb: args.workerMemoryMb });
  const progress = args.json ? null : new ProgressBar(study.objectiveMetric);
  const state = await initialProgress(store, study);
  const sign = study.direction === 'minimize' ? 1 : -1;
  const onEvent = (event: StudyEvent) => {
    if (event.type === 'trial-started') state.running++;
    if (event.type === 'trial-finished') {
      const { outcome, number } = event;
      state.running = Math.max(0, state.running - 1);
      state.done++;
      if (outcome.state === 'failed') state.failed++;
      if (outcome.state === 'completed' && outcome.objective !== null && (!state.best || sign * (outcome.objective - state.best.value) < 0))
        state.best = { value: outcome.objective, number };
    }
    progress?.render(state, event.type === 'trial-finished');
  };
  const run = new StudyRun({
    store,
    runner,
    studyId: study.id,
    concurrency: workers,
    onEvent,
    modelsDir: modelsDirFor(dbPath),
    checkpointsDir: checkpointsDirFor(dbPath),
  });
  const signals = onShutdownSignals(() => {
    process.stderr.write(`\n${GRACEFUL_STOP_MESSAGE}\n`);
    run.stop('paused');
  });
  if (!args.json)
    console.error(
      terminalText(
        `Study ${study.id} "${study.name}": ${study.plannedTrials ?? '?'} trials, ${workers} workers, database ${redactPassword(dbPath)}`,
      ),
    );
  try {
    const finalState = await run.run().finally(async () => {
      progress?.finish();
      await runner.close();
    });
    const signal = signals.signal();
    if (finalState === 'paused' && signal) {
      console.error(`Study ${study.id} paused; \`tuneboard resume ${study.id}\` (or running the same spec again) continues it.`);
      return SIGNAL_EXIT_CODES[signal as keyof typeof SIGNAL_EXIT_CODES] ?? 1;
    }
    const row = (await store.getStudy(study.id))!;
    const trials = await store.listTrials(study.id);
    console.log(
      args.json
        ? JSON.stringify(studyJson(row, trials), null, 2)
        : resultsSummary(row, trials, await store.metricCurves(row.id, row.objectiveMetric)),
    );
    return endedStudyExitCode(finalState, trials);
  } finally {
    signals.dispose();
  }
}

/** The progress line of a continued study starts from the trials it has finished already. */
async function initialProgress(store: TrialStore, study: StudyRow): Promise<ProgressState> {
  const trials = await store.listTrials(study.id);
  const finished = trials.filter((t) => !isUnfinishedTrial(t.state));
  const best = rankTrials(
    finished.filter((t) => t.state === 'completed'),
    study.direction,
  )[0];
  return {
    done: finished.length,
    total: study.plannedTrials,
    running: 0,
    failed: finished.filter((t) => t.state === 'failed').length,
    best: best && best.objective !== null ? { value: best.objective, number: best.number } : null,
  };
}

/** Whether a stored spec is the one given, whatever the order of its keys (parsed again: defaults added since count alike). */
function sameSpec(stored: unknown, spec: StudySpec): boolean {
  try {
    return canonicalJson(JSON.parse(JSON.stringify(parseStudySpec(stored)))) === canonicalJson(JSON.parse(JSON.stringify(spec)));
  } catch {
    return false;
  }
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/**
 * An external study is trained by the user's own program through the HTTP API, not here: `run` creates it (or finds
 * it) and says how to serve it.
 */
function describeExternal(study: StudyRow, args: CommandArgs): number {
  if (args.json) console.log(JSON.stringify({ studyId: study.id, name: study.name, state: study.state, external: true }));
  else
    console.log(
      terminalText(
        [
          `Study ${study.id} "${study.name}" is external: your training program runs its trials through the HTTP API.`,
          'Start the server (`npx tuneboard serve` on this database), then in Python:',
          `  study = Study.load("http://127.0.0.1:3000", ${JSON.stringify(study.name)})   # from tuneboard import Study`,
          `or run a command per trial: npx tuneboard agent --server http://127.0.0.1:3000 --study ${JSON.stringify(study.name)} -- python train.py`,
          'See docs/api.md.',
        ].join('\n'),
      ),
    );
  return 0;
}
