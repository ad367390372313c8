import { resolveDbPath } from '../../db/db-address.ts';
import { openTrialStore } from '../../tuner/open-trial-store.ts';
import type { CommandArgs } from '../main.ts';
import { resultsSummary, studyJson, trialsTable } from '../study-report.ts';
import { UsageError } from '../usage-error.ts';

export async function showCommand(args: CommandArgs): Promise<number> {
  const [ref] = args.positionals;
  if (!ref) throw new UsageError('show: missing STUDY, a study id or name (see tuneboard list)');
  const store = await openTrialStore(resolveDbPath(args.db));
  try {
    const study = await store.getStudy(ref);
    if (!study) throw new UsageError(`show: no study "${ref}" in ${resolveDbPath(args.db)} (see tuneboard list)`);
    const trials = await store.listTrials(study.id);
    console.log(
      args.json
        ? JSON.stringify(studyJson(study, trials), null, 2)
        : `${resultsSummary(study, trials, await store.metricCurves(study.id, study.objectiveMetric))}\n\nAll trials\n${trialsTable(trials)}`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
