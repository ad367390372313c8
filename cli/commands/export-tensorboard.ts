import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolveDbPath } from '../../db/db-address.ts';
import { openTrialStore } from '../../tuner/open-trial-store.ts';
import { exportTensorboard } from '../../tuner/interop/tensorboard-export.ts';
import { terminalText } from '../format.ts';
import type { CommandArgs } from '../main.ts';
import { UsageError } from '../usage-error.ts';

/** `export tensorboard STUDY --out DIR`: the study as TensorBoard event files, for `tensorboard --logdir DIR`. */
export async function exportTensorboardCommand(args: CommandArgs): Promise<number> {
  const [, ref] = args.positionals;
  if (!args.out) throw new UsageError('export tensorboard: missing --out DIR, the folder to write the event files to');
  const out = resolve(args.out);
  if (statSync(out, { throwIfNoEntry: false })?.isFile())
    throw new UsageError(`export tensorboard: --out ${out} is an existing file, not a folder`);
  const dbPath = resolveDbPath(args.db);
  const store = await openTrialStore(dbPath);
  try {
    const study = await store.getStudy(ref);
    if (!study) throw new UsageError(`export tensorboard: no study "${ref}" in ${dbPath} (see tuneboard list)`);
    const trials = await exportTensorboard(store, study, out);
    console.log(terminalText(`exported ${trials} trials of study "${study.name}" to ${out}; view them with: tensorboard --logdir ${out}`));
    return 0;
  } finally {
    await store.close();
  }
}
