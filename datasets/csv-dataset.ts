import { resolve } from 'node:path';
import { readCsvFile } from './csv.ts';
import type { CsvDatasetSpec } from '../spec/dataset-spec.ts';
import { tableFromRecords } from './table.ts';
import { prepareTable } from './tabular.ts';
import type { PreparedData, Task } from './types.ts';

/** A CSV file with a header row; a relative path is resolved against `baseDir`. */
export async function prepareCsvDataset(spec: CsvDatasetSpec, task: Task, baseDir: string): Promise<PreparedData> {
  const table = tableFromRecords(await readCsvFile(resolve(baseDir, spec.csv), spec.csv), spec.csv);
  return prepareTable(table, task, spec);
}
