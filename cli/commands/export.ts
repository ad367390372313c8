import { statSync } from 'node:fs';
import { writeFile, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { resolveDbPath } from '../../db/db-address.ts';
import { openTrialStore } from '../../tuner/open-trial-store.ts';
import { bestTrial } from '../../tuner/best-trials.ts';
import { exportFiles, exportName, writeExport, zipExport } from '../../tuner/export-model.ts';
import { hasTrialModel, modelsDirFor, trialModelDir } from '../../tuner/model-store.ts';
import type { Direction } from '../../db/states.ts';
import type { StudyRow, TrialStore } from '../../db/trial-store.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import { studyObjectives } from '../../spec/objectives.ts';
import { completedTrialValues } from '../../tuner/objective-values.ts';
import { paretoFront } from '../../tuner/pareto.ts';
import { terminalText } from '../format.ts';
import type { CommandArgs } from '../main.ts';
import { UsageError } from '../usage-error.ts';
import { exportTensorboardCommand } from './export-tensorboard.ts';

/** `export STUDY [--trial ID | --best] --out DIR`: a trial's saved model, as a folder (or a zip when DIR ends in .zip). */
export async function exportCommand(args: CommandArgs): Promise<number> {
  // `export tensorboard STUDY`; a study named tensorboard alone is still `export tensorboard`.
  if (args.positionals[0] === 'tensorboard' && args.positionals.length > 1) return exportTensorboardCommand(args);
  const [ref] = args.positionals;
  if (!ref) throw new UsageError('export: missing STUDY, a study id or name (see tuneboard list)');
  if (!args.out) throw new UsageError('export: missing --out DIR, the folder (or .zip file) to write the model to');
  if (args.trial !== undefined && args.best) throw new UsageError('export: give --trial ID or --best, not both');
  checkOut(args.out);
  const dbPath = resolveDbPath(args.db);
  const store = await openTrialStore(dbPath);
  try {
    const study = await store.getStudy(ref);
    if (!study) throw new UsageError(`export: no study "${ref}" in ${dbPath} (see tuneboard list)`);
    const trials = await store.listTrials(study.id);
    if (args.trial === undefined) await refuseSeveralObjectives(store, study);
    const trial =
      args.trial === undefined ? bestTrial(trials, study.direction as Direction) : trials.find((t) => String(t.id) === args.trial);
    if (!trial) {
      throw new UsageError(
        args.trial === undefined
          ? `export: study "${study.name}" has no completed trial`
          : `export: study "${study.name}" has no trial with id ${args.trial}`,
      );
    }
    const modelsDir = modelsDirFor(dbPath);
    if (!hasTrialModel(modelsDir, study.uid, trial.id)) {
      throw new UsageError(
        `export: trial ${trial.id} (number ${trial.number}, ${trial.state}) has no saved model in ${modelsDir}; models are saved for completed trials (see save_models)`,
      );
    }
    const files = await exportFiles(trialModelDir(modelsDir, study.uid, trial.id));
    const out = resolve(args.out);
    if (out.endsWith('.zip')) {
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, zipExport(files, exportName({ studyName: study.name, trialNumber: trial.number })));
    } else {
      await writeExport(files, out);
    }
    console.log(terminalText(`exported trial ${trial.id} (number ${trial.number}) of study "${study.name}" to ${out}`));
    return 0;
  } finally {
    await store.close();
  }
}

/**
 * A study with several objectives has no single best trial: the user picks one on its Pareto front, and this
 * names the front's trials to pick from.
 */
async function refuseSeveralObjectives(store: TrialStore, study: StudyRow): Promise<void> {
  const objectives = studyObjectives(parseStudySpec(study.spec));
  if (objectives.length < 2) return;
  const scored = await completedTrialValues(store, study.id, objectives);
  const front = paretoFront(
    scored.map((s) => s.values),
    objectives.map((o) => o.direction),
  ).map((i) => `${scored[i].trial.id} (number ${scored[i].trial.number})`);
  throw new UsageError(
    `export: study "${study.name}" has ${objectives.length} objectives (${objectives.map((o) => o.metric).join(', ')}) and no single best trial; pick one on its Pareto front with --trial ID: ${front.join(', ') || 'none completed yet'}`,
  );
}

/** Refuses an --out that is the wrong kind of thing already: a file where the folder goes, a folder named .zip. */
function checkOut(out: string): void {
  const existing = statSync(out, { throwIfNoEntry: false });
  if (!existing) return;
  if (out.endsWith('.zip') && existing.isDirectory())
    throw new UsageError(
      `export: --out ${out} is an existing folder, not a .zip file; give another .zip path, or a folder path not ending in .zip`,
    );
  if (!out.endsWith('.zip') && !existing.isDirectory())
    throw new UsageError(
      `export: --out ${out} is an existing file, not a folder; give a folder (created if missing) or a path ending in .zip`,
    );
}
