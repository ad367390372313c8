import {
  ACTIVATIONS,
  CLASS_WEIGHTS,
  HYPERPARAMETER_NAMES,
  HYPERPARAMETERS,
  isHyperparameterName,
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

const ALL_KINDS: readonly ParamKind[] = ['float', 'int', 'choice', 'bool'];

/**
 * The modes a parameter may take: its vocabulary kinds, or any kind in an external study, whose names are its
 * program's own (a `dropout` there may be a choice of strings).
 */
export function paramModes(name: string, external = false): ParamMode[] {
  return [...(isHyperparameterName(name) && !external ? HYPERPARAMETERS[name].kinds : ALL_KINDS), 'fixed'];
}

/** Whether the draft is an external study: its parameters are the client's, under any name. */
export function isExternalDraft(draft: SpecDraft): boolean {
  return draft.model?.family === 'external';
}

/**
 * Why a name cannot be added as an external study's parameter, or null: it must be new, not blank, and fit the
 * schema's limits (the schema itself names any other problem once it is in the draft).
 */
export function newParamNameProblem(draft: SpecDraft, name: string): string | null {
  const n = name.trim();
  if (!n) return 'type a name';
  if (n.length > 100) return 'at most 100 characters';
  if (n === '__proto__') return 'not a usable name';
  if (Object.hasOwn(draft.space ?? {}, n) || Object.hasOwn(draft.fixed ?? {}, n)) return `${n} is already a parameter`;
  return null;
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
export function paramRows(draft: SpecDraft): string[] {
  if (isExternalDraft(draft)) {
    // The client's own names, in the order added: searched ones, then fixed ones but the epochs budget (a field).
    const fixed = Object.keys(draft.fixed ?? {}).filter((name) => name !== 'epochs' && !Object.hasOwn(draft.space ?? {}, name));
    return [...Object.keys(draft.space ?? {}), ...fixed];
  }
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
export function addedMode(name: string): ParamMode {
  if (isTrainingParam(name)) return 'choice';
  return isHyperparameterName(name) ? HYPERPARAMETERS[name].kinds[0] : 'float';
}

export function paramMode(draft: SpecDraft, name: string): ParamMode {
  const entry = draft.space?.[name];
  return entry ? (entry.type as ParamMode) : 'fixed';
}

/** A sensible starting entry for a parameter in a given mode, built from its default value. */
export function startingEntry(name: string, mode: ParamMode): Record<string, unknown> | ParamValue {
  if (!isHyperparameterName(name)) return ownStartingEntry(mode);
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

/** A starting entry for an external study's own parameter: nothing is known of it but the mode. */
function ownStartingEntry(mode: ParamMode): Record<string, unknown> | ParamValue {
  if (mode === 'fixed') return 0;
  if (mode === 'bool') return { type: 'bool' };
  if (mode === 'choice') return { type: 'choice', values: [] };
  if (mode === 'int') return { type: 'int', min: 1, max: 10 };
  return { type: 'float', min: 0.0001, max: 0.1, log: true };
}

/** Puts a parameter into the draft in a mode, replacing wherever it was. */
export function withParam(draft: SpecDraft, name: string, mode: ParamMode): SpecDraft {
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
