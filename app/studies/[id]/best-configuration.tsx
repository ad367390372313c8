import { serverStore } from '../../../db/server-db.ts';
import type { Direction } from '../../../db/states.ts';
import { bestConfiguration } from '../../../tuner/repeats.ts';
import { frozenTrial } from '../../../tuner/strategy.ts';
import { formatValue } from '../../format.ts';

/** In a study with repeats: the configuration whose runs score best on average, as the strategy ranks it. */
export async function BestConfiguration({ studyId, metric, direction }: { studyId: number; metric: string; direction: Direction }) {
  const best = bestConfiguration((await (await serverStore()).listTrials(studyId)).map(frozenTrial), direction);
  return (
    <>
      <dt>Best configuration</dt>
      <dd data-testid="best-configuration">
        {best
          ? `${Object.entries(best.params)
              .map(([k, v]) => `${k}=${formatValue(v)}`)
              .join(', ')}: ${metric} ${formatValue(best.mean)}, mean of ${best.runs} runs`
          : '–'}
      </dd>
    </>
  );
}
