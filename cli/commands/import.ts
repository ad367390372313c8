import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { resolveDbPath } from '../../db/db-address.ts';
import { openDb } from '../../db/open-store.ts';
import { ImportError } from '../../tuner/interop/import-error.ts';
import { importKerasTuner } from '../../tuner/interop/keras-tuner-import.ts';
import { importOptuna } from '../../tuner/interop/optuna-import.ts';
import { importTensorboardPass, type TensorboardImportReport } from '../../tuner/interop/tensorboard-import.ts';
import { terminalText } from '../format.ts';
import type { CommandArgs } from '../main.ts';
import { onShutdownSignals } from '../shutdown-signals.ts';
import { UsageError } from '../usage-error.ts';

/** How often --watch looks for new records: TensorBoard's own reload interval is 5 s; live curves want less. */
const WATCH_INTERVAL_MS = 1000;
/** Damaged records listed one per line before the rest are counted: a ruined file should not flood the terminal. */
const PROBLEMS_SHOWN = 20;

/** `import tensorboard LOGDIR | keras-tuner DIR | optuna FILE.db`: runs written by other tools, as an external study. */
export async function importCommand(args: CommandArgs): Promise<number> {
  const [format, source] = args.positionals;
  if (format !== 'tensorboard' && format !== 'keras-tuner' && format !== 'optuna')
    throw new UsageError(`import: the first argument is tensorboard, keras-tuner or optuna${format ? `, not "${format}"` : ''}`);
  if (!source) throw new UsageError(`import ${format}: missing ${format === 'optuna' ? 'FILE.db' : 'the folder to import'}`);
  const path = resolve(source);
  const stat = statSync(path, { throwIfNoEntry: false });
  if (format === 'optuna' ? !stat?.isFile() : !stat?.isDirectory())
    throw new UsageError(`import ${format}: ${path} is not ${format === 'optuna' ? 'a file' : 'a folder'}`);
  if (args.watch && format !== 'tensorboard') throw new UsageError(`import ${format}: --watch is for tensorboard log directories`);
  const db = await openDb(resolveDbPath(args.db));
  try {
    if (format === 'keras-tuner') return report(await importKerasTuner(db.store, db.importedFiles, path, args.study));
    if (format === 'optuna') return report(await importOptuna(db.store, db.importedFiles, path, args.study));
    const study = args.study ?? basename(path);
    if (!args.watch)
      return tensorboardReport(await importTensorboardPass(db.store, db.importedFiles, { logdir: path, study, final: true }), path);
    return await watch(db, path, study);
  } catch (error) {
    // A file that is not what it should be is bad input (exit 2), as a bad spec is.
    if (error instanceof ImportError) throw new UsageError(`import ${format}: ${error.message}`);
    throw error;
  } finally {
    await db.store.close();
  }
}

function report({ study, trials }: { study: { name: string }; trials: number }): number {
  console.log(terminalText(`imported ${trials} trials into study "${study.name}"`));
  return 0;
}

function tensorboardReport(r: TensorboardImportReport, logdir: string, shown = new Set<string>()): number {
  if (r.eventFiles === 0 || r.study === null)
    throw new UsageError(
      `import tensorboard: no event files (events.out.tfevents.*) under ${logdir}${r.emptyDirs > 1 ? ` (${r.emptyDirs} folders, all without one)` : ''}${r.problems.length ? `; ${r.problems[0]}` : ''}`,
    );
  const fresh = r.problems.filter((p) => !shown.has(p));
  for (const p of fresh.slice(0, PROBLEMS_SHOWN)) console.error(terminalText(`tuneboard: warning: ${p}`));
  if (fresh.length > PROBLEMS_SHOWN) console.error(`tuneboard: warning: … and ${fresh.length - PROBLEMS_SHOWN} more problems`);
  for (const p of fresh) shown.add(p);
  if (r.emptyDirs > 0 && shown.size === 0)
    console.error(`tuneboard: note: ${r.emptyDirs} folders under ${logdir} hold no event files; skipped`);
  console.log(
    terminalText(`study "${r.study.name}": ${r.trialsCreated} new trials, ${r.epochsLogged} epochs from ${r.eventFiles} event files`),
  );
  return 0;
}

/** Passes over the log directory until SIGINT or SIGTERM; each resumes every file at the byte the last one stopped at. */
async function watch(db: Awaited<ReturnType<typeof openDb>>, logdir: string, study: string): Promise<number> {
  let stopping = false;
  const signals = onShutdownSignals(() => {
    stopping = true;
  });
  const shown = new Set<string>();
  try {
    console.log(terminalText(`watching ${logdir} (Ctrl-C stops)`));
    while (!stopping) {
      const r = await importTensorboardPass(db.store, db.importedFiles, { logdir, study, final: false });
      if (r.eventFiles > 0 && (r.trialsCreated > 0 || r.epochsLogged > 0 || r.problems.some((p) => !shown.has(p))))
        tensorboardReport(r, logdir, shown);
      await sleep(WATCH_INTERVAL_MS);
    }
    return 0;
  } finally {
    signals.dispose();
  }
}
