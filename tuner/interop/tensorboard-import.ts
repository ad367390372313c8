import { hostname } from 'node:os';
import { join } from 'node:path';
import type { ImportedFileRow, ImportedFileStore } from '../../db/imported-files.ts';
import type { StudyRow, TrialStore } from '../../db/trial-store.ts';
import { decodeRunEvents, type HParamValue, type SessionStatus } from '../../lib/tensorboard/events.ts';
import { readRecords } from '../../lib/tensorboard/record-reader.ts';
import { type EventFile, metricName, scanEventFiles } from './event-files.ts';
import { finishImportedTrial, importedStudy, nextTrialNumber } from './imported-study.ts';

export interface TensorboardImportOptions {
  logdir: string;
  study: string;
  /** False while --watch follows files still being written: a record cut short waits for the rest. */
  final: boolean;
  /** A real folder path that symbolic links must not lead out of (the dashboard's import root). */
  within?: string;
}

export interface TensorboardImportReport {
  /** Null when no event file was found (and no study of that name existed). */
  study: StudyRow | null;
  trialsCreated: number;
  epochsLogged: number;
  /** Damaged records, loops, unreadable folders: one sentence each, naming the file and byte offset. */
  problems: string[];
  emptyDirs: number;
  eventFiles: number;
}

/** What one pass read of a run: its epochs (by step), hparams and how its session ended. */
interface RunRead {
  epochs: Map<number, { metrics: Record<string, number>; time: number }>;
  hparams: Record<string, HParamValue> | null;
  end: SessionStatus | null;
  offsets: { file: string; offset: number }[];
}

/** The runner name an imported trial is leased to while --watch follows it (external studies are never recovered by runners). */
const IMPORT_RUNNER = `tensorboard-import:${hostname()}:${process.pid}`;

/**
 * One pass over a log directory: reads each event file from where the last pass (of any process) stopped, makes one
 * trial per new run and logs the new epochs. Runs with a `session_end_info` finish with its status; with `final`
 * (a one-off import) the others finish as completed too, while --watch keeps them running.
 */
export async function importTensorboardPass(
  store: TrialStore,
  offsets: ImportedFileStore,
  options: TensorboardImportOptions,
): Promise<TensorboardImportReport> {
  const scan = scanEventFiles(options.logdir, options.within);
  const problems = [...scan.problems];
  const existing = await store.getStudy(options.study);
  const known = new Map((existing ? await offsets.list(existing.id) : []).map((row) => [row.file, row]));
  const runs = new Map<string, RunRead>();
  for (const file of scan.files) {
    const run = runs.get(file.run) ?? { epochs: new Map(), hparams: null, end: null, offsets: [] };
    runs.set(file.run, run);
    readFileInto(run, file, known.get(file.file)?.offset ?? 0, options, problems);
  }
  const report = { trialsCreated: 0, epochsLogged: 0, problems, emptyDirs: scan.emptyDirs, eventFiles: scan.files.length };
  if (runs.size === 0) return { study: existing ?? null, ...report };
  const metrics = [...new Set([...runs.values()].flatMap((r) => [...r.epochs.values()].flatMap((e) => Object.keys(e.metrics))))];
  const study = existing ?? (await importedStudy(store, options.study, metrics));
  const trialOfRun = new Map([...known.values()].map((row) => [row.run, row.trialId]));
  let number = nextTrialNumber(await store.listTrials(study.id));
  for (const [runName, run] of runs) {
    let trialId = trialOfRun.get(runName);
    // Nothing of a trial yet (a run just started, the experiment summary beside the runs): read again next pass.
    if (trialId === undefined && run.epochs.size === 0 && run.hparams === null && run.end === null) continue;
    if (trialId === undefined) {
      trialId = (await store.createTrial(study.id, number++, run.hparams ?? {}, 0)).id;
      await store.claimTrial(trialId, IMPORT_RUNNER, null);
      await store.startTrial(trialId, `tensorboard:${runName}`);
      report.trialsCreated++;
    }
    // A finished trial never changes again: what its files gained since is read past, not stored.
    const finished = !['queued', 'running'].includes((await store.getTrial(trialId))?.state ?? '');
    for (const [step, epoch] of finished ? [] : [...run.epochs].sort((a, b) => a[0] - b[0])) {
      await store.logEpoch(trialId, step, epoch.metrics, epoch.time);
      report.epochsLogged++;
    }
    for (const { file, offset } of run.offsets)
      if (known.get(file)?.offset !== offset)
        await offsets.save({ studyId: study.id, file, run: runName, trialId, offset } satisfies ImportedFileRow);
    await finishIfEnded(store, study, trialId, run.end, options.final);
  }
  // A one-off import is history, complete; a watched log directory is a study still running.
  const state = options.final ? 'completed' : 'running';
  if (study.state !== state) await store.setStudyState(study.id, state);
  return { study: (await store.getStudy(study.id))!, ...report };
}

function readFileInto(run: RunRead, file: EventFile, from: number, options: TensorboardImportOptions, problems: string[]): void {
  const path = join(options.logdir, file.file);
  let read: ReturnType<typeof readRecords>;
  try {
    read = readRecords(path, from, options.final);
  } catch (error) {
    problems.push(`${file.file}: cannot be read (${(error as Error).message}); skipped`);
    return;
  }
  for (const p of read.problems) problems.push(`${file.file}: byte ${p.offset}: ${p.message}`);
  for (const record of read.records) {
    let events: ReturnType<typeof decodeRunEvents>;
    try {
      events = decodeRunEvents(record.data);
    } catch (error) {
      problems.push(`${file.file}: byte ${record.offset}: not a TensorBoard event (${(error as Error).message}); record skipped`);
      continue;
    }
    for (const event of events) {
      if (event.kind === 'sessionStart') run.hparams = { ...run.hparams, ...event.hparams };
      else if (event.kind === 'sessionEnd') run.end = event.status;
      else {
        const name = metricName(file.group, event.tag);
        if (name === null) continue;
        const epoch = run.epochs.get(event.step) ?? { metrics: {}, time: Math.round(event.wallTime * 1000) };
        epoch.metrics[name] = event.value;
        run.epochs.set(event.step, epoch);
      }
    }
  }
  run.offsets.push({ file: file.file, offset: read.end });
}

async function finishIfEnded(
  store: TrialStore,
  study: StudyRow,
  trialId: number,
  end: SessionStatus | null,
  final: boolean,
): Promise<void> {
  const trial = await store.getTrial(trialId);
  if (!trial || (trial.state !== 'running' && trial.state !== 'queued')) return;
  if (end === 'failure')
    await finishImportedTrial(store, study, trialId, 'failed', 'the run ended with status STATUS_FAILURE (HParams session_end_info)');
  else if (end === 'success' || final) await finishImportedTrial(store, study, trialId, 'completed');
}
