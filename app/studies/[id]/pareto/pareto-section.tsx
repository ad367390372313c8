import { serverStore } from '../../../../db/server-db.ts';
import type { Objective } from '../../../../spec/objectives.ts';
import { completedTrialValues } from '../../../../tuner/objective-values.ts';
import { ParetoPanel } from './pareto-panel.tsx';

/** The Pareto front of a study with several objectives, read on the server; nothing for a one-objective study. */
export async function ParetoSection({ studyId, objectives }: { studyId: number; objectives: readonly Objective[] }) {
  if (objectives.length < 2) return null;
  const trials = await completedTrialValues(await serverStore(), studyId, objectives);
  return (
    <ParetoPanel
      studyId={studyId}
      objectives={[...objectives]}
      trials={trials.map(({ trial, values }) => ({
        id: trial.id,
        number: trial.number,
        params: trial.params as Record<string, unknown>,
        values,
      }))}
    />
  );
}
