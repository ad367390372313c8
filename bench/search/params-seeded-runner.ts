import { deriveSeed } from '../../lib/random.ts';
import { gridPoint, paramsKey, type Params } from '../../tuner/space.ts';
import { gridSize, type SearchSpace } from '../../spec/search-space.ts';
import type { TrialJob, TrialRunner } from '../../tuner/trial-runner.ts';

/**
 * Trains every configuration with the seed the grid study gives it (the base seed and its grid index), whatever
 * its trial number: the engine seeds a trial from its number, so without this a configuration that TPE proposes
 * as trial 5 would train from other initial weights than the same configuration as grid trial 80, and a replay of
 * recorded grid curves could not be checked against a real run. With it, a configuration's curve is a function of
 * its params alone (on one machine and backend).
 */
export class ParamsSeededRunner implements TrialRunner {
  private readonly indexOf = new Map<string, number>();
  private readonly names: string[];

  constructor(
    private readonly inner: TrialRunner,
    space: SearchSpace,
    private readonly baseSeed: number,
  ) {
    this.names = Object.keys(space);
    for (let i = 0; i < gridSize(space); i++) this.indexOf.set(paramsKey(gridPoint(space, i)), i);
  }

  run(job: TrialJob) {
    const params: Params = Object.fromEntries(
      this.names.map((n) => [n, job.task.hyperparameters[n as keyof typeof job.task.hyperparameters]]),
    );
    const index = this.indexOf.get(paramsKey(params));
    if (index === undefined) throw new Error(`configuration ${paramsKey(params)} is not on the task's grid`);
    return this.inner.run({ ...job, task: { ...job.task, seed: deriveSeed(this.baseSeed, index) } });
  }

  close() {
    return this.inner.close();
  }
}
