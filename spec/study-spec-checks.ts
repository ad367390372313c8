import type { z } from 'zod';
import { domainSize, gridSize, type SearchSpace } from './search-space.ts';
import { MAX_TRIALS } from './bounds.ts';
import { maxEpochs } from './max-epochs.ts';
import { epochMetrics, type Task } from './metrics.ts';
import { TRIAL_QUANTITIES } from './objectives.ts';
import type { ParamSpec } from './param-spec.ts';
import { HYPERPARAMETER_NAMES, HYPERPARAMETERS, isHyperparameterName, type ParamValue } from './vocabulary.ts';

interface CheckedSpec {
  dataset?: unknown;
  model: { family: string; task: Task };
  early_stopping?: unknown;
  space: SearchSpace;
  fixed: Record<string, ParamValue>;
  strategy: { type: string; trials?: number; max_trials?: number; min_epochs?: number };
  pruner?: { type: string; min_epochs?: number };
  /** Absent when left to its default (val_loss) or given as the first of `objectives`. */
  objective?: { metric: string };
  objectives?: readonly { metric: string }[];
  save_models?: unknown;
  repeats?: number;
}

type Report = (path: PropertyKey[], message: string) => void;

/** The rules that tie fields together: vocabulary, space vs fixed, grid limits, pruning, objective per task. */
export function checkStudySpec(spec: CheckedSpec, ctx: z.RefinementCtx): void {
  const report: Report = (path, message) => ctx.addIssue({ code: 'custom', path, message });
  if (spec.model.family === 'external') {
    checkExternal(spec, report);
    if ((spec.repeats ?? 1) > 1)
      report(['repeats'], 'repeats are for studies Tuneboard trains (mlp, cnn): an external client seeds its own runs');
    if (spec.objectives) report(['objectives'], 'several objectives are for studies Tuneboard trains (mlp, cnn), not external ones yet');
    return;
  }
  if (spec.dataset === undefined) report(['dataset'], `required for a ${spec.model.family} model (only an external study has none)`);
  if (spec.strategy.type === 'manual') report(['strategy', 'type'], 'manual is for external studies, whose clients bring their own params');
  const unknown = `unknown hyperparameter; known: ${HYPERPARAMETER_NAMES.join(', ')}`;

  for (const [name, param] of Object.entries(spec.space)) {
    if (!isHyperparameterName(name)) report(['space', name], unknown);
    else checkParam(name, param, (path, message) => report(['space', name, ...path], message));
  }
  for (const [name, value] of Object.entries(spec.fixed)) {
    if (!isHyperparameterName(name)) report(['fixed', name], unknown);
    else if (name in spec.space) report(['fixed', name], 'also in space: a parameter may sit in space or fixed, never both');
    else {
      const problem = HYPERPARAMETERS[name].check(value);
      if (problem) report(['fixed', name], problem);
    }
  }

  if (spec.strategy.type === 'grid') checkGrid(spec, report);
  checkPruning(spec, report);
  if ((spec.repeats ?? 1) > 1) checkRepeats(spec, spec.repeats!, report);

  const metrics = epochMetrics(spec.model.task);
  const primary = spec.objectives?.[0] ?? spec.objective ?? { metric: 'val_loss' };
  if (!metrics.includes(primary.metric))
    report(
      [spec.objectives ? 'objectives' : 'objective', ...(spec.objectives ? [0] : []), 'metric'],
      `"${primary.metric}" is not logged for ${spec.model.task}; choose one of ${metrics.join(', ')}`,
    );
  if (spec.objectives) checkObjectives(spec, spec.objectives, metrics, report);
  const classWeight = spec.space.class_weight ?? spec.fixed.class_weight;
  if (classWeight !== undefined && spec.model.task === 'regression')
    report([spec.space.class_weight ? 'space' : 'fixed', 'class_weight'], 'only applies to classification');
}

/**
 * Several objectives: the first is an epoch metric (it picks each trial's best epoch, where the others are read);
 * the others are epoch metrics or trial quantities, each named once. Pruners and Hyperband judge one objective
 * along a trial's epochs, so a multi-objective study has neither (as Optuna refuses pruning there).
 */
function checkObjectives(spec: CheckedSpec, objectives: readonly { metric: string }[], metrics: string[], report: Report): void {
  const allowed = [...metrics, ...TRIAL_QUANTITIES];
  objectives.forEach(({ metric }, i) => {
    if (i > 0 && !allowed.includes(metric))
      report(['objectives', i, 'metric'], `"${metric}" is not logged for ${spec.model.task}; choose one of ${allowed.join(', ')}`);
    if (objectives.findIndex((o) => o.metric === metric) < i) report(['objectives', i, 'metric'], `"${metric}" is named twice`);
  });
  if (spec.pruner) report(['pruner'], 'a pruner judges one objective: remove it, or give a single objective');
  if (typeof spec.save_models === 'object')
    report(['save_models'], 'keeping the best N needs one objective: with several, use "all" (or "none") and pick from the Pareto front');
  if (spec.strategy.type === 'hyperband')
    report(['strategy', 'type'], 'hyperband prunes on one objective: use tpe (MOTPE), random or grid with several objectives');
}

/**
 * Repeats: the strategy's trial count counts configurations, each run `repeats` times, at most MAX_TRIALS runs in
 * all. A pruner judges one run's curve against the others' at the same epoch, not a configuration's mean over
 * runs still training side by side, so pruning (and Hyperband) is refused with repeats.
 */
function checkRepeats(spec: CheckedSpec, repeats: number, report: Report): void {
  const configurations = Math.min(spec.strategy.trials ?? spec.strategy.max_trials ?? Infinity, gridSize(spec.space));
  if (configurations * repeats > MAX_TRIALS)
    report(['repeats'], `${configurations} configurations × ${repeats} repeats is more than the ${MAX_TRIALS} trials a study may run`);
  if (spec.pruner) report(['pruner'], 'a pruner judges single runs, not the mean over repeats: remove it, or the repeats');
  if (spec.strategy.type === 'hyperband')
    report(['strategy', 'type'], 'hyperband prunes single runs: use tpe, random or grid with repeats');
}

function checkParam(name: keyof typeof HYPERPARAMETERS, param: ParamSpec, report: Report): void {
  const def = HYPERPARAMETERS[name];
  if (!(def.kinds as readonly string[]).includes(param.type)) {
    report(['type'], `must be ${def.kinds.join(' or ')} for ${name}`);
    return;
  }
  if (param.type === 'choice') {
    param.values.forEach((v, i) => {
      const problem = def.check(v);
      if (problem) report(['values', i], problem);
    });
  } else if (param.type === 'int' || param.type === 'float') {
    for (const bound of ['min', 'max'] as const) {
      const problem = def.check(param[bound]);
      if (problem) report([bound], problem);
    }
  }
}

function checkPruning(spec: CheckedSpec, report: Report): void {
  if (spec.strategy.type === 'hyperband' && spec.pruner)
    report(['pruner'], 'hyperband schedules its own pruning: remove pruner, or use random/tpe with asha');
  const epochs = maxEpochs(spec);
  for (const [field, settings] of [
    ['strategy', spec.strategy],
    ['pruner', spec.pruner],
  ] as const) {
    const min = settings?.min_epochs;
    if (min !== undefined && min >= epochs)
      report([field, 'min_epochs'], `${min} is not below the study's ${epochs} epochs: ${settings!.type} would never prune`);
  }
}

function checkGrid(spec: CheckedSpec, report: Report): void {
  let continuous = false;
  for (const [name, param] of Object.entries(spec.space)) {
    if (!Number.isFinite(domainSize(param))) {
      continuous = true;
      // An ill-formed step or range was reported by the parameter's own schema.
      if (param.type === 'float' && param.step === undefined)
        report(
          ['space', name, 'step'],
          'grid search needs a step for float parameters (or list values with type "choice", or use strategy random)',
        );
    }
  }
  const max = spec.strategy.max_trials ?? Infinity;
  const size = gridSize(spec.space);
  if (!continuous && size > MAX_TRIALS)
    report(
      ['space'],
      `the grid has ${size} combinations, more than the ${MAX_TRIALS} a study may run; narrow the space or use strategy random`,
    );
  else if (!continuous && size > max)
    report(['strategy', 'max_trials'], `the grid has ${size} combinations, more than max_trials ${max}; raise max_trials to run it`);
}

/**
 * An external study's trials are trained by its clients: parameter names are theirs (any name), and so are the
 * metrics it logs, so the objective may be any of them. What only the engine acts on is refused.
 */
function checkExternal(spec: CheckedSpec, report: Report): void {
  if (spec.dataset !== undefined) report(['dataset'], 'an external study has no data set: its clients bring their own data');
  if (spec.early_stopping !== undefined)
    report(['early_stopping'], 'not used by an external study: stop in your training code, or use a pruner');
  for (const name of Object.keys(spec.fixed))
    if (name in spec.space) report(['fixed', name], 'also in space: a parameter may sit in space or fixed, never both');
  if (spec.strategy.type === 'grid') checkGrid(spec, report);
  checkPruning(spec, report);
}
