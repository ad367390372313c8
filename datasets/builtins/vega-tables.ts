import { readFile } from 'node:fs/promises';
import { readCsvFile } from '../csv.ts';
import { tableFromObjects, tableFromRecords, type Table } from '../table.ts';
import { packageFile } from './package-files.ts';

const PENGUIN_COLUMNS = ['Species', 'Island', 'Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Sex'];

/** Parsed once per process: workers prepare the same data set for many trials. */
const cache = new Map<string, Promise<Table>>();

function cached(name: string, load: () => Promise<Table>): Promise<Table> {
  let table = cache.get(name);
  if (!table) {
    table = load();
    table.catch(() => cache.delete(name));
    cache.set(name, table);
  }
  return table;
}

/** vega-datasets' penguins.json: 344 objects, measurements null where missing. */
export function loadPenguins(): Promise<Table> {
  return cached('penguins', async () => {
    const path = packageFile('vega-datasets', 'data/penguins.json', 'penguins');
    const objects = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>[];
    return tableFromObjects(objects, PENGUIN_COLUMNS, 'penguins');
  });
}

/** vega-datasets' seattle-weather.csv: 1,461 days of date, weather measurements and a weather label. */
export function loadSeattleWeather(): Promise<Table> {
  return cached('seattle-weather', async () => {
    const path = packageFile('vega-datasets', 'data/seattle-weather.csv', 'seattle-weather');
    return tableFromRecords(await readCsvFile(path, 'seattle-weather'), 'seattle-weather');
  });
}
