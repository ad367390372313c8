import { resolveDbPath } from '../../db/db-address.ts';
import { openTrialStore } from '../../tuner/open-trial-store.ts';
import { terminalText } from '../format.ts';
import type { CommandArgs } from '../main.ts';
import { UsageError } from '../usage-error.ts';
import { recoverAtStart } from '../runner-service.ts';
import { runStudy } from './run.ts';
import { isEndedStudy } from '../../db/states.ts';

/** `resume STUDY`: runs an unfinished study (queued, paused, or left running by a runner that stopped) to its end. */
export async function resumeCommand(args: CommandArgs): Promise<number> {
  const [ref] = args.positionals;
  if (!ref) throw new UsageError('resume: missing STUDY, a study id or name');
  const dbPath = resolveDbPath(args.db);
  const store = await openTrialStore(dbPath);
  try {
    await recoverAtStart(store, dbPath);
    const study = await store.getStudy(ref);
    if (!study) throw new UsageError(`resume: no study "${ref}" in ${dbPath}`);
    if (isEndedStudy(study.state)) throw new UsageError(`resume: study ${study.id} "${study.name}" is ${study.state}: nothing to resume`);
    console.error(terminalText(`Resuming study ${study.id} "${study.name}" (${study.state}).`));
    return await runStudy(store, study, args, dbPath);
  } finally {
    await store.close();
  }
}
