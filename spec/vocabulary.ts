import { MAX_EPOCHS } from './bounds.ts';

/**
 * The hyperparameters the model builders understand, with the values each accepts and its default.
 * A study spec may tune (space) or fix (fixed) any of them; names outside this list are rejected.
 */
export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'elu', 'selu', 'leaky_relu'] as const;
export const OPTIMIZERS = ['adam', 'sgd', 'rmsprop', 'adagrad'] as const;
export const CLASS_WEIGHTS = ['balanced', 'none'] as const;

export type ParamValue = number | string | boolean;
export type ParamKind = 'int' | 'float' | 'choice' | 'bool';

export interface HyperparameterDef {
  /** The kinds of space entry that make sense for this parameter. */
  kinds: readonly ParamKind[];
  default: ParamValue;
  /** Returns why a value is not acceptable, or null when it is. */
  check(value: ParamValue): string | null;
  help: string;
}

const intAtLeast =
  (min: number, max = Infinity) =>
  (v: ParamValue) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
      ? null
      : `must be an integer in [${min}, ${max === Infinity ? '∞' : max}]`;

const oneOf = (values: readonly string[]) => (v: ParamValue) =>
  typeof v === 'string' && values.includes(v) ? null : `must be one of ${values.join(', ')}`;

export const HYPERPARAMETERS = {
  n_layers: { kinds: ['int', 'choice'], default: 1, check: intAtLeast(1, 20), help: 'hidden dense layers (mlp) or conv blocks (cnn)' },
  units: { kinds: ['int', 'choice'], default: 64, check: intAtLeast(1, 100_000), help: 'units per hidden dense layer (mlp)' },
  dense_units: {
    kinds: ['int', 'choice'],
    default: 50,
    check: intAtLeast(1, 100_000),
    help: 'units of the dense layer after the conv blocks (cnn)',
  },
  filters: { kinds: ['int', 'choice'], default: 32, check: intAtLeast(1, 4096), help: 'filters per conv layer' },
  kernel_size: { kinds: ['int', 'choice'], default: 3, check: intAtLeast(1, 31), help: 'conv kernel width and height' },
  pool_size: { kinds: ['int', 'choice'], default: 2, check: intAtLeast(1, 16), help: 'max-pool window' },
  activation: { kinds: ['choice'], default: 'relu', check: oneOf(ACTIVATIONS), help: ACTIVATIONS.join(' | ') },
  dropout: {
    kinds: ['float', 'choice'],
    default: 0,
    check: (v) => (typeof v === 'number' && v >= 0 && v < 1 ? null : 'must be a number in [0, 1)'),
    help: 'dropout rate after each block',
  },
  batch_norm: {
    kinds: ['bool', 'choice'],
    default: false,
    check: (v) => (typeof v === 'boolean' ? null : 'must be true or false'),
    help: 'batch normalisation after each layer',
  },
  learning_rate: {
    kinds: ['float', 'choice'],
    default: 0.001,
    check: (v) => (typeof v === 'number' && v > 0 && v <= 10 ? null : 'must be a number in (0, 10]'),
    help: 'optimizer step size',
  },
  optimizer: { kinds: ['choice'], default: 'adam', check: oneOf(OPTIMIZERS), help: OPTIMIZERS.join(' | ') },
  batch_size: { kinds: ['int', 'choice'], default: 32, check: intAtLeast(1, 65_536), help: 'samples per gradient step' },
  epochs: { kinds: ['int', 'choice'], default: 10, check: intAtLeast(1, MAX_EPOCHS), help: 'maximum training epochs' },
  class_weight: {
    kinds: ['choice'],
    default: 'none',
    check: oneOf(CLASS_WEIGHTS),
    help: '"balanced" weights classes by inverse frequency',
  },
} satisfies Record<string, HyperparameterDef>;

export type HyperparameterName = keyof typeof HYPERPARAMETERS;
export const HYPERPARAMETER_NAMES = Object.keys(HYPERPARAMETERS) as HyperparameterName[];

export function isHyperparameterName(name: string): name is HyperparameterName {
  return Object.hasOwn(HYPERPARAMETERS, name);
}

/** The full set of values a trial trains with: every vocabulary name resolved. */
export type Hyperparameters = {
  n_layers: number;
  units: number;
  dense_units: number;
  filters: number;
  kernel_size: number;
  pool_size: number;
  activation: (typeof ACTIVATIONS)[number];
  dropout: number;
  batch_norm: boolean;
  learning_rate: number;
  optimizer: (typeof OPTIMIZERS)[number];
  batch_size: number;
  epochs: number;
  class_weight: (typeof CLASS_WEIGHTS)[number];
};

/** Fills every name a trial's params and the spec's fixed values leave open with its default. */
export function resolveHyperparameters(values: Record<string, ParamValue>): Hyperparameters {
  const resolved: Record<string, ParamValue> = {};
  for (const name of HYPERPARAMETER_NAMES) resolved[name] = values[name] ?? HYPERPARAMETERS[name].default;
  return resolved as Hyperparameters;
}
