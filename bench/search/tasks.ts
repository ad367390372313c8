import type { StudySpecInput } from '../../spec/study-spec.ts';

/**
 * A fixed, seeded tuning problem for bench:search: a finite grid (every parameter a choice, an int or a stepped
 * float) trained for a fixed number of epochs without early stopping, so that every configuration's whole
 * objective curve can be recorded once and every search method replayed on it.
 */
export interface SearchTask {
  id: string;
  title: string;
  /** A grid study over the task's space; the methods replace its strategy and pruner. */
  spec: StudySpecInput & { space: NonNullable<StudySpecInput['space']>; strategy: { type: 'grid'; max_trials: number } };
}

/**
 * Seattle weather MLP (5 classes from precipitation, temperatures and wind; drizzle, fog and sun overlap, so no
 * configuration separates the validation split): 3·3·3·4·2 = 216 configurations × 27 (= 3³) epochs.
 */
const weather: SearchTask = {
  id: 'seattle-weather-mlp',
  title: 'seattle-weather MLP',
  spec: {
    name: 'bench-search-seattle-weather-mlp',
    dataset: { source: 'seattle-weather', validation: 0.2, test: 0.2, seed: 0 },
    model: { family: 'mlp', task: 'classification' },
    space: {
      n_layers: { type: 'int', min: 1, max: 3 },
      units: { type: 'int', min: 16, max: 64, step: 24 },
      dropout: { type: 'float', min: 0, max: 0.4, step: 0.2 },
      learning_rate: { type: 'choice', values: [0.001, 0.003, 0.01, 0.03] },
      activation: { type: 'choice', values: ['relu', 'tanh'] },
    },
    fixed: { epochs: 27, batch_size: 16, optimizer: 'adam' },
    strategy: { type: 'grid', max_trials: 1000 },
    objective: { metric: 'val_loss', direction: 'minimize' },
    save_models: 'none',
    seed: 0,
  },
};

/** MNIST CNN on 1500 digits (900 train, 300 validation): 2·2·3·3 = 36 configurations × 9 (= 3²) epochs. */
const mnist: SearchTask = {
  id: 'mnist-cnn',
  title: 'MNIST CNN (1500 digits)',
  spec: {
    name: 'bench-search-mnist-cnn',
    dataset: { source: 'mnist', limit: 1500, validation: 0.2, test: 0.2, seed: 0 },
    model: { family: 'cnn', task: 'classification' },
    space: {
      n_layers: { type: 'int', min: 1, max: 2 },
      activation: { type: 'choice', values: ['relu', 'tanh'] },
      dropout: { type: 'float', min: 0, max: 0.5, step: 0.25 },
      learning_rate: { type: 'choice', values: [0.001, 0.003, 0.01] },
    },
    fixed: { filters: 16, kernel_size: 3, dense_units: 32, epochs: 9, batch_size: 32, optimizer: 'adam' },
    strategy: { type: 'grid', max_trials: 1000 },
    objective: { metric: 'val_loss', direction: 'minimize' },
    save_models: 'none',
    seed: 0,
  },
};

export const SEARCH_TASKS: readonly SearchTask[] = [weather, mnist];
