import { BUILTIN_DATASETS } from '../../../spec/dataset-spec.ts';
import { epochMetrics, type Task } from '../../../spec/metrics.ts';
import { paramSpecSchema } from '../../../spec/param-spec.ts';
import { fromZodIssues, type SpecIssue } from '../../../spec/spec-error.ts';
import { studySpecSchema } from '../../../spec/study-spec.ts';
import { gridSize, type SearchSpace } from '../../../spec/search-space.ts';

/**
 * The editor's state is the spec JSON itself, exactly what the CLI runs and what export writes; fields the user
 * has not filled are absent, and half-typed values stay in it so that the one schema reports them.
 */
export type SpecDraft = Record<string, unknown> & {
  name?: unknown;
  dataset?: Record<string, unknown>;
  model?: { family?: unknown; task?: unknown };
  space?: Record<string, Record<string, unknown>>;
  fixed?: Record<string, unknown>;
  strategy?: Record<string, unknown>;
  objective?: { metric?: unknown; direction?: unknown };
  early_stopping?: Record<string, unknown>;
  pruner?: Record<string, unknown>;
};

export function newSpecDraft(): SpecDraft {
  return {
    name: '',
    dataset: { source: BUILTIN_DATASETS[0], validation: 0.2, test: 0.2, seed: 0 },
    model: { family: 'mlp', task: 'classification' },
    space: {},
    fixed: {},
    strategy: { type: 'grid', max_trials: 1000 },
    objective: { metric: 'val_loss', direction: 'minimize' },
  };
}

/**
 * The draft with another model family. An external study has no data set, task or early stopping (its program brings
 * its own data and stops itself), so they leave the draft, and a manual strategy does not survive a switch back to a
 * built-in family, whose params Tuneboard must search. Switching back brings the default data set.
 */
export function withFamily(draft: SpecDraft, family: string): SpecDraft {
  const wasExternal = draft.model?.family === 'external';
  if (family === 'external') {
    const { dataset: _dataset, early_stopping: _stopping, ...rest } = draft;
    return { ...rest, model: { family: 'external' } };
  }
  const next: SpecDraft = { ...draft, model: { ...draft.model, family, task: draft.model?.task ?? 'classification' } };
  if (wasExternal) {
    next.dataset = draft.dataset ?? newSpecDraft().dataset;
    if (draft.strategy?.type === 'manual') next.strategy = { type: 'grid', max_trials: 1000 };
  }
  return next;
}

/** A stored study as the start of a new one: same spec, a name that tells them apart. */
export function duplicateDraft(spec: Record<string, unknown>): SpecDraft {
  const name = typeof spec.name === 'string' ? `${spec.name} (copy)` : '';
  return { ...(structuredClone(spec) as SpecDraft), name };
}

export interface DraftCheck {
  issues: SpecIssue[];
  /** Trials the spec will run, or null while the space or strategy is not valid yet. */
  trials: number | null;
  /** Combinations of the space; Infinity when a parameter is continuous. */
  grid: number | null;
}

/** Validates with the CLI's schema and counts the trials the spec will run. */
export function checkDraft(draft: SpecDraft): DraftCheck {
  const result = studySpecSchema.safeParse(draft);
  const issues = result.success ? [] : fromZodIssues(result.error.issues);
  const grid = spaceGridSize(draft.space ?? {});
  // A manual study plans nothing: its clients add each trial.
  if (draft.strategy?.type === 'manual') return { issues, grid, trials: null };
  return { issues, grid, trials: plannedTrials(draft.strategy, grid) };
}

function spaceGridSize(space: Record<string, unknown>): number | null {
  const parsed: SearchSpace = {};
  for (const [name, entry] of Object.entries(space)) {
    const result = paramSpecSchema.safeParse(entry);
    if (!result.success) return null;
    parsed[name] = result.data;
  }
  return gridSize(parsed);
}

function plannedTrials(strategy: Record<string, unknown> | undefined, grid: number | null): number | null {
  if (grid === null) return null;
  // Every strategy but grid runs its `trials`, at most the size of a finite space.
  if (strategy?.type === 'random' || strategy?.type === 'tpe' || strategy?.type === 'hyperband') {
    const trials = strategy.trials;
    return typeof trials === 'number' && Number.isInteger(trials) && trials > 0 ? Math.min(trials, grid) : null;
  }
  return Number.isFinite(grid) ? grid : null;
}

/** The issues at `path` exactly, or under it too when `nested`. */
export function issuesAt(issues: readonly SpecIssue[], path: string, nested = false): SpecIssue[] {
  return issues.filter((i) => i.path === path || (nested && (i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`))));
}

/** An error shown under a field: its message, after its full path when it is about a part of the field (`space.units.values[1]: must be …`). */
export function fieldErrorText(issue: SpecIssue, path: string): string {
  return issue.path === path ? issue.message : `${issue.path}: ${issue.message}`;
}

/**
 * Metrics the objective may name for the draft's task (classification when the task is not valid). An external
 * study's program logs what it likes: these are then only suggestions, as Keras names its logs.
 */
export function objectiveMetrics(draft: SpecDraft): string[] {
  if (draft.model?.family === 'external') return ['val_loss', 'val_accuracy', 'loss', 'accuracy'];
  const task: Task = draft.model?.task === 'regression' ? 'regression' : 'classification';
  return epochMetrics(task);
}

/** Reads an imported spec file; a file that is not a JSON object is refused with the reason. */
export function parseDraftJson(text: string): SpecDraft {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('must be a JSON object (a study spec)');
  return value as SpecDraft;
}

export function draftJson(draft: SpecDraft): string {
  return `${JSON.stringify(draft, null, 2)}\n`;
}

/** Returns a copy with `value` at `path`; `undefined` removes the key, so optional fields disappear from the JSON. */
export function setAt<T extends Record<string, unknown>>(object: T, path: readonly string[], value: unknown): T {
  const [key, ...rest] = path;
  const copy: Record<string, unknown> = { ...object };
  if (rest.length === 0) {
    if (value === undefined) delete copy[key];
    else copy[key] = value;
  } else {
    const child = copy[key];
    copy[key] = setAt(
      typeof child === 'object' && child !== null && !Array.isArray(child) ? (child as Record<string, unknown>) : {},
      rest,
      value,
    );
  }
  return copy as T;
}
