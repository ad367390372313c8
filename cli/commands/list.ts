import { resolveDbPath } from '../../db/db-address.ts';
import { openTrialStore } from '../../tuner/open-trial-store.ts';
import { bestTrial } from '../../tuner/best-trials.ts';
import { formatNumber, table } from '../format.ts';
import type { CommandArgs } from '../main.ts';
import { isUnfinishedTrial } from '../../db/states.ts';

export async function listCommand(args: CommandArgs): Promise<number> {
  const store = await openTrialStore(resolveDbPath(args.db));
  try {
    const studies = await store.listStudies();
    const rows = await Promise.all(
      studies.map(async (s) => {
        const trials = await store.listTrials(s.id);
        const finished = trials.filter((t) => !isUnfinishedTrial(t.state)).length;
        return { study: s, finished, best: bestTrial(trials, s.direction) };
      }),
    );
    if (args.json) {
      console.log(
        JSON.stringify(
          rows.map(({ study, finished, best }) => ({
            id: study.id,
            name: study.name,
            state: study.state,
            strategy: study.strategy,
            finished,
            planned: study.plannedTrials,
            objective: study.objectiveMetric,
            best: best?.objective ?? null,
            createdAt: new Date(study.createdAt).toISOString(),
          })),
          null,
          2,
        ),
      );
    } else if (rows.length === 0) {
      console.log('No studies yet. Run one with: tuneboard run examples/penguins-random.json');
    } else {
      console.log(
        table(
          ['id', 'name', 'state', 'strategy', 'trials', 'objective', 'best', 'created'],
          rows.map(({ study, finished, best }) => [
            String(study.id),
            study.name,
            study.state,
            study.strategy,
            `${finished}/${study.plannedTrials ?? '?'}`,
            `${study.objectiveMetric} (${study.direction === 'minimize' ? 'min' : 'max'})`,
            formatNumber(best?.objective),
            new Date(study.createdAt).toISOString().slice(0, 16).replace('T', ' '),
          ]),
        ),
      );
    }
    return 0;
  } finally {
    await store.close();
  }
}
