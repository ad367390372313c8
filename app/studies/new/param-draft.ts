import {
  ACTIVATIONS,
  CLASS_WEIGHTS,
  HYPERPARAMETER_NAMES,
  HYPERPARAMETERS,
  OPTIMIZERS,
  type HyperparameterName,
  type ParamKind,
  type ParamValue,
} from '../../../spec/vocabulary.ts';
import type { SpecDraft } from './spec-draft.ts';

/** How a parameter sits in the spec: one of the space kinds, or held fixed. */
export type ParamMode = ParamKind | 'fixed';

/** The values a string hyperparameter accepts, for pickers. */
export const NAMED_VALUES: Partial<Record<HyperparameterName, readonly string[]>> = {
  activation: ACTIVATIONS,
  optimizer: OPTIMIZERS,
  class_weight: CLASS_WEIGHTS,
};

export function paramModes(name: HyperparameterName): ParamMode[] {
  return [...HYPERPARAMETERS[name].kinds, 'fixed'];
}

/**
 * How every trial trains rather than what shapes the model: the editor shows them in plain sight as fields of their
 * own (Training) while fixed; they join the hyperparameters table only when searched.
 */
export const TRAINING_PARAMS = ['epochs', 'batch_size'] as const satisfies readonly HyperparameterName[];

function isTrainingParam(name: string): boolean {
  return (TRAINING_PARAMS as readonly string[]).includes(name);
}

/** The hyperparameters table's rows, in vocabulary order: parameters searched or fixed, but not fixed training ones. */
export function paramRows(draft: SpecDraft): HyperparameterName[] {
  return HYPERPARAMETER_NAMES.filter((name) => name in (draft.space ?? {}) || (name in (draft.fixed ?? {}) && !isTrainingParam(name)));
}

/** What the table offers to add: every parameter without a row. */
export function addableParams(draft: SpecDraft): HyperparameterName[] {
  const rows = new Set<string>(paramRows(draft));
  return HYPERPARAMETER_NAMES.filter((name) => !rows.has(name));
}

/**
 * The mode a parameter is added in: its first kind, but a choice of two values for a training parameter, since a
 * range of epochs or batch sizes would multiply the grid by its width (epochs 10..20 is 11 times the trials).
 */
export function addedMode(name: HyperparameterName): ParamMode {
  return isTrainingParam(name) ? 'choice' : HYPERPARAMETERS[name].kinds[0];
}

export function paramMode(draft: SpecDraft, name: string): ParamMode {
  const entry = draft.space?.[name];
  return entry ? (entry.type as ParamMode) : 'fixed';
}

/** A sensible starting entry for a parameter in a given mode, built from its default value. */
export function startingEntry(name: HyperparameterName, mode: ParamMode): Record<string, unknown> | ParamValue {
  const d = HYPERPARAMETERS[name].default;
  if (mode === 'fixed') return d;
  if (mode === 'bool') return { type: 'bool' };
  if (mode === 'choice') {
    const named = NAMED_VALUES[name];
    if (named) return { type: 'choice', values: named.slice(0, 2) };
    if (typeof d === 'boolean') return { type: 'choice', values: [false, true] };
    return { type: 'choice', values: typeof d === 'number' && Number.isInteger(d) && d > 0 ? [d, d * 2] : [d] };
  }
  const n = d as number;
  if (mode === 'int') return { type: 'int', min: n, max: Math.max(n * 2, n + 1) };
  return n > 0 ? { type: 'float', min: n / 10, max: n * 10, log: true } : { type: 'float', min: 0, max: 0.5, step: 0.1 };
}

/** Puts a parameter into the draft in a mode, replacing wherever it was. */
export function withParam(draft: SpecDraft, name: HyperparameterName, mode: ParamMode): SpecDraft {
  const space = { ...(draft.space ?? {}) };
  const fixed = { ...(draft.fixed ?? {}) };
  delete space[name];
  delete fixed[name];
  const entry = startingEntry(name, mode);
  if (mode === 'fixed') fixed[name] = entry;
  else space[name] = entry as Record<string, unknown>;
  return { ...draft, space, fixed };
}

export function withoutParam(draft: SpecDraft, name: string): SpecDraft {
  const space = { ...(draft.space ?? {}) };
  const fixed = { ...(draft.fixed ?? {}) };
  delete space[name];
  delete fixed[name];
  return { ...draft, space, fixed };
}

/** One typed value from text: true/false, a number, else the text itself. */
export function parseValueText(text: string): ParamValue {
  const t = text.trim();
  if (t === 'true' || t === 'false') return t === 'true';
  if (t !== '' && Number.isFinite(Number(t))) return Number(t);
  return t;
}

/** Choice values from a comma-separated list; empty items are dropped. */
export function parseValuesText(text: string): ParamValue[] {
  return text
    .split(',')
    .filter((s) => s.trim() !== '')
    .map(parseValueText);
}

export function valuesText(values: unknown): string {
  return Array.isArray(values) ? values.map(String).join(', ') : '';
}

/** A number field's text as JSON: empty removes the field, a number is a number, anything else stays text for the schema to reject. */
export function parseNumberText(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  return Number.isFinite(Number(t)) ? Number(t) : t;
}
