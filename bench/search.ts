/**
 * bench:search — grid, random, random+ASHA, Hyperband, TPE and TPE+ASHA on two fixed, seeded tasks (a seattle-weather MLP,
 * an MNIST CNN on 1500 digits), 5 seeds each: epochs spent until the study's best completed trial is within 1% of
 * the full grid's best, and the best found. Every configuration of each task's grid is trained once for real
 * (cached in bench/.cache; --fresh records again); the methods are then replayed on those curves through the real
 * strategies, pruners and PruningMonitor, and one replay (TPE+ASHA, seed 1, seattle-weather) is checked against a real run.
 * Run: npm run bench:search [-- --fresh]
 */
import { availableParallelism, cpus } from 'node:os';
import { maxEpochs } from '../spec/max-epochs.ts';
import { parseStudySpec } from '../spec/parse-spec.ts';
import { paramsKey } from '../tuner/space.ts';
import { checkReplayAgainstRealRun, type HonestyCheck } from './search/honesty-check.ts';
import { methodSpec, searchOf, SEARCH_METHODS, type SearchMethod } from './search/methods.ts';
import { loadOrRecord } from './search/record-curves.ts';
import { bestWithin, replayStudy, type ReplayResult } from './search/replay.ts';
import { formatSpread, spread } from './search/spread.ts';
import { SEARCH_TASKS, type SearchTask } from './search/tasks.ts';
import { machine, printTable } from './table.ts';
import type { Direction } from '../db/states.ts';

const SEEDS = [1, 2, 3, 4, 5];
const WITHIN = 0.01;
/** The goal: TPE+ASHA within 1% of the grid's best for at most this share of the grid's epochs. */
const GOAL_SHARE = 1 / 3;
const CHECKED = { task: 'seattle-weather-mlp', method: 'tpe+ASHA', seed: 1 };

const fresh = process.argv.includes('--fresh');
const started = performance.now();
const loss = (v: number) => (Math.abs(v) < 0.001 ? v.toExponential(2) : v.toPrecision(4));
const int = (v: number) => Math.round(v).toLocaleString('en-US');
const goals: string[] = [];
let honesty = null as HonestyCheck | null;

console.log(`bench:search (${machine()}, ${cpus()[0]?.model ?? 'unknown cpu'}, ${availableParallelism()} cores)`);
for (const task of SEARCH_TASKS) await benchTask(task);
if (honesty) {
  const h = honesty;
  const overran = [...h.overruns].map(([n, by]) => `trial ${n} by ${by}`).join(', ');
  console.log(
    `\nreplay matches a real run (${CHECKED.method}, seed ${CHECKED.seed}, ${CHECKED.task}; ${h.summary}, ${h.seconds.toFixed(0)} s): ${h.difference ? 'no' : 'yes'}`,
  );
  if (h.difference) console.log(`  first difference: ${h.difference.detail}`);
  console.log(`  logged curves equal to the recorded ones bit for bit: ${h.curvesIdentical}/${h.trials} trials`);
  console.log(
    `  pruned trials that trained past their pruner's decision in the real run: ${h.overruns.size}${overran ? ` (${overran} epochs)` : ''}`,
  );
  if (h.overruns.size)
    console.log(
      `  replay given those overruns matches the real run: ${h.differenceWithOverruns ? `no; ${h.differenceWithOverruns.detail}` : 'yes'}`,
    );
}
for (const goal of goals) console.log(goal);
console.log(`whole run: ${((performance.now() - started) / 1000).toFixed(0)} s`);

async function benchTask(task: SearchTask): Promise<void> {
  const spec = parseStudySpec(task.spec);
  const direction = spec.objective.direction;
  const { recorded, cached } = await loadOrRecord(task, { fresh });
  const curves = new Map(recorded.configs.map((c) => [paramsKey(c.params), c.curve]));
  const configs = recorded.configs.length;
  const gridEpochs = configs * maxEpochs(spec);
  const values = recorded.configs.flatMap((c) => c.curve);
  const gridBest = direction === 'minimize' ? Math.min(...values) : Math.max(...values);
  const target = direction === 'minimize' ? gridBest + WITHIN * Math.abs(gridBest) : gridBest - WITHIN * Math.abs(gridBest);
  const nearBest = recorded.configs.filter((c) => c.curve.some((v) => (direction === 'minimize' ? v <= target : v >= target))).length;
  const replayStarted = performance.now();

  const rows: (string | number)[][] = [];
  let checkedReplay = null as ReplayResult | null;
  for (const method of SEARCH_METHODS) {
    const seeds = method.seeded ? SEEDS : [0];
    const runs = seeds.map((seed) => {
      const result = replayStudy({ ...searchOf(methodSpec(task, method, seed, configs)), curves, direction, target });
      if (task.id === CHECKED.task && method.name === CHECKED.method && seed === CHECKED.seed) checkedReplay = result;
      return result;
    });
    rows.push(methodRow(method, runs, gridEpochs, direction));
    if (method.name === 'tpe+ASHA') {
      const toTarget = spread(runs.map((r) => r.epochsToTarget));
      const withinGoal = runs.filter((r) => r.epochsToTarget !== null && r.epochsToTarget <= gridEpochs * GOAL_SHARE).length;
      const met = toTarget.median !== null && toTarget.median <= gridEpochs * GOAL_SHARE;
      goals.push(
        `goal on ${task.title}: TPE+ASHA within 1% of the grid's best in ≤ ⅓ of the grid's ${int(gridEpochs)} epochs (${int(gridEpochs * GOAL_SHARE)}): ` +
          `median ${toTarget.median === null ? 'never' : int(toTarget.median)} → ${met ? 'met' : 'NOT met'} (${withinGoal}/${runs.length} seeds within ⅓)`,
      );
    }
  }
  const replaySeconds = (performance.now() - replayStarted) / 1000;

  printTable(
    `${task.title}: ${configs} configurations × ${maxEpochs(spec)} epochs = ${int(gridEpochs)} grid epochs; grid's best ${spec.objective.metric} ${loss(gridBest)}, within 1%: ≤ ${loss(target)} (${nearBest} of ${configs} configurations reach it)`,
    [
      'method',
      'epochs to within 1% (median, min–max)',
      '% of grid epochs',
      'seeds reaching it',
      'best after ⅓ of grid epochs',
      'final best',
      'trials',
      'epochs spent',
    ],
    rows,
  );
  console.log(
    `\n(curves ${cached ? `from bench/.cache, recorded ${recorded.recordedAt.slice(0, 10)} in` : 'recorded now in'} ${recorded.seconds.toFixed(0)} s with 2 workers; replay of every method and seed ${replaySeconds.toFixed(1)} s)`,
  );
  if (checkedReplay)
    honesty = await checkReplayAgainstRealRun(
      methodSpec(task, SEARCH_METHODS.find((m) => m.name === CHECKED.method)!, CHECKED.seed, configs),
      checkedReplay,
      curves,
      target,
    );
}

function methodRow(method: SearchMethod, runs: ReplayResult[], gridEpochs: number, direction: Direction): string[] {
  const toTarget = spread(runs.map((r) => r.epochsToTarget));
  const share = toTarget.median === null ? '—' : `${((100 * toTarget.median) / gridEpochs).toFixed(1)}%`;
  return [
    method.name,
    formatSpread(toTarget, int),
    share,
    `${toTarget.count}/${runs.length}`,
    formatSpread(spread(runs.map((r) => bestWithin(r, gridEpochs * GOAL_SHARE, direction))), loss),
    formatSpread(spread(runs.map((r) => r.best)), loss),
    formatSpread(spread(runs.map((r) => r.trials.length)), int),
    formatSpread(spread(runs.map((r) => r.epochs)), int),
  ];
}
