import type { TrialPoint } from '../../db/trial-points.ts';
import type { StudyRow } from '../../db/trial-store.ts';
import { edfPoints } from '../charts/edf.ts';
import { bestSoFar } from '../charts/history-option.ts';

/** One compared study as the charts draw it: the running best by trial number, and its objective's distribution. */
export interface ComparedStudy {
  id: number;
  name: string;
  state: string;
  completed: number;
  trials: number;
  /** [trial number, best so far], only where the best changes plus the last trial: a step line needs no more. */
  best: [number, number][];
  edf: [number, number][];
}

/** Completed trials with a finite objective, per study in the order asked, reduced to what the charts draw. */
export function comparedStudies(studies: Pick<StudyRow, 'id' | 'name' | 'state' | 'direction'>[], points: TrialPoint[]): ComparedStudy[] {
  return studies.map((study) => {
    const own = points.filter((p) => p.studyId === study.id);
    const done = own
      .filter((p) => p.state === 'completed' && typeof p.objective === 'number' && Number.isFinite(p.objective))
      .sort((a, b) => a.number - b.number);
    const running = bestSoFar(
      done.map((p) => [p.number, p.objective!]),
      study.direction,
    );
    const best = running.filter((p, i) => i === 0 || i === running.length - 1 || p[1] !== running[i - 1][1]);
    return {
      id: study.id,
      name: study.name,
      state: study.state,
      completed: done.length,
      trials: own.length,
      best,
      edf: edfPoints(done.map((p) => p.objective)),
    };
  });
}
