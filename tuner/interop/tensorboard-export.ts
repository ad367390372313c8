import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { StudyRow, TrialRow, TrialStore } from '../../db/trial-store.ts';
import type { HParamValue, SessionStatus } from '../../lib/tensorboard/events.ts';
import {
  experimentRecord,
  fileVersionRecord,
  type HParamDomain,
  scalarRecord,
  sessionEndRecord,
  sessionStartRecord,
} from '../../lib/tensorboard/event-writer.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import type { ParamSpec } from '../../spec/param-spec.ts';

/** Where each trial's events go under the export folder, sorted in trial order by TensorBoard's run list. */
export function trialRunDir(trial: Pick<TrialRow, 'number'>): string {
  return `trial-${String(trial.number).padStart(4, '0')}`;
}

/**
 * A study as TensorBoard reads it, as files by relative path: one run folder per trial (its epoch metrics as
 * scalars, stepped by 0-based epoch, and an HParams session with its params and status), and beside them the
 * experiment summary that lists the hyperparameters with their domains and the metrics.
 */
export async function tensorboardFiles(store: TrialStore, study: StudyRow): Promise<Map<string, Uint8Array>> {
  const trials = await store.listTrials(study.id);
  const files = new Map<string, Uint8Array>();
  const metrics = new Set<string>();
  const createdSecs = study.createdAt / 1000;
  for (const trial of trials) {
    const chunks = [fileVersionRecord(createdSecs)];
    const start = (trial.startedAt ?? trial.createdAt) / 1000;
    chunks.push(sessionStartRecord(hparamValues(trial.params), start, study.name));
    for (const row of await store.epochMetrics(trial.id)) {
      metrics.add(row.name);
      chunks.push(scalarRecord(row.name, row.epoch, row.time / 1000, row.value ?? Number.NaN));
    }
    chunks.push(sessionEndRecord(sessionStatus(trial.state), (trial.finishedAt ?? Date.now()) / 1000));
    files.set(`${trialRunDir(trial)}/${eventFileName(createdSecs)}`, Buffer.concat(chunks));
  }
  const experiment = experimentRecord(hparamDomains(study, trials), [...metrics].sort(), createdSecs);
  files.set(eventFileName(createdSecs), Buffer.concat([fileVersionRecord(createdSecs), experiment]));
  return files;
}

/** Writes tensorboardFiles under `out` (see there); returns the number of trials written. */
export async function exportTensorboard(store: TrialStore, study: StudyRow, out: string): Promise<number> {
  const files = await tensorboardFiles(store, study);
  for (const [path, bytes] of files) {
    await mkdir(dirname(join(out, path)), { recursive: true });
    await writeFile(join(out, path), bytes);
  }
  return files.size - 1;
}

/** A trial's params as HParams values: numbers, strings and booleans as they are, anything else as its JSON. */
function hparamValues(params: unknown): Record<string, HParamValue> {
  const out: Record<string, HParamValue> = {};
  for (const [name, v] of Object.entries(params as Record<string, unknown>))
    out[name] = typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : JSON.stringify(v);
  return out;
}

function eventFileName(wallTimeSecs: number): string {
  return `events.out.tfevents.${Math.floor(wallTimeSecs)}.tuneboard.0.v2`;
}

/** TensorBoard has four session states; pruned and cancelled trials stopped early, not in failure. */
function sessionStatus(state: TrialRow['state']): SessionStatus {
  if (state === 'completed') return 'success';
  if (state === 'failed') return 'failure';
  if (state === 'queued' || state === 'running') return 'running';
  return 'unknown';
}

/** Each hyperparameter's domain: the spec's space where it declares the param, else the values the trials took. */
export function hparamDomains(study: StudyRow, trials: readonly TrialRow[]): HParamDomain[] {
  const space = parseStudySpec(study.spec).space as Record<string, ParamSpec>;
  const names = new Set([...Object.keys(space), ...trials.flatMap((t) => Object.keys(t.params as object))]);
  return [...names].sort().map((name) => {
    const declared = space[name];
    if (declared?.type === 'int' || declared?.type === 'float') return { name, kind: 'interval', min: declared.min, max: declared.max };
    if (declared?.type === 'choice') return { name, kind: 'discrete', values: declared.values };
    if (declared?.type === 'bool') return { name, kind: 'discrete', values: [false, true] };
    const seen = trials
      .map((t) => (t.params as Record<string, unknown>)[name])
      .filter((v): v is HParamValue => ['number', 'string', 'boolean'].includes(typeof v));
    if (seen.length > 0 && seen.every((v) => typeof v === 'number'))
      return {
        name,
        kind: 'interval',
        min: seen.reduce((a, b) => Math.min(a, b as number), Infinity),
        max: seen.reduce((a, b) => Math.max(a, b as number), -Infinity),
      };
    // One type per domain: booleans stay booleans, any other mix is listed as text.
    if (seen.length > 0 && seen.every((v) => typeof v === 'boolean')) return { name, kind: 'discrete', values: [...new Set(seen)] };
    return { name, kind: 'discrete', values: [...new Set(seen.map(String))] };
  });
}
