import { join } from 'node:path';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { tempDir } from '../helpers/temp.ts';
import { storageSuite } from './storage-suite.ts';

const dir = tempDir('tb-store-');
let databases = 0;
let path = '';
storageSuite('SQLite', async (same) => {
  if (!same) path = join(dir, `tune-${++databases}.db`);
  return new SqliteTrialStore(path);
});
