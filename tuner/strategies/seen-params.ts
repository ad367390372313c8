import { paramsKey } from '../space.ts';
import type { StudyHistory } from '../strategy.ts';

/** The params keys of a growing history, updated incrementally so that each ask stays O(new trials). */
export class SeenParams {
  private keys = new Set<string>();
  private counted = 0;

  update(history: StudyHistory): void {
    for (; this.counted < history.trials.length; this.counted++) this.keys.add(paramsKey(history.trials[this.counted].params));
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }
}
