import { join } from 'node:path';
import { test } from 'node:test';
import { PgStudyControl } from '../../db/pg/study-control.ts';
import { PostgresTrialStore } from '../../db/pg/trial-store.ts';
import { SqliteStudyControl } from '../../db/sqlite/study-control.ts';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { freshPostgresDatabase, testPostgresUrl } from '../helpers/postgres.ts';
import { tempDir } from '../helpers/temp.ts';
import { dashboardControlSuite } from './dashboard-control-suite.ts';

const dir = tempDir('tb-control-');
let databases = 0;
dashboardControlSuite('SQLite', async () => {
  const store = new SqliteTrialStore(join(dir, `tune-${++databases}.db`));
  return { store, control: new SqliteStudyControl(store.db) };
});

const server = await testPostgresUrl();
if (server)
  dashboardControlSuite('PostgreSQL', async () => {
    const store = await PostgresTrialStore.open(await freshPostgresDatabase(server));
    return { store, control: new PgStudyControl(store.db) };
  });
else test('dashboard control on PostgreSQL', { skip: 'no PostgreSQL server (see the message above)' }, () => {});
