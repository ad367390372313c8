import { join } from 'node:path';
import { test } from 'node:test';
import { PgDashboardReads } from '../../db/pg/pg-dashboard-reads.ts';
import { PostgresTrialStore } from '../../db/postgres-trial-store.ts';
import { SqliteDashboardReads } from '../../db/sqlite-dashboard-reads.ts';
import { SqliteTrialStore } from '../../db/sqlite-trial-store.ts';
import { freshPostgresDatabase, testPostgresUrl } from '../helpers/postgres.ts';
import { tempDir } from '../helpers/temp.ts';
import { dashboardControlSuite } from './dashboard-control-suite.ts';

const dir = tempDir('tb-control-');
let databases = 0;
dashboardControlSuite('SQLite', async () => {
  const store = new SqliteTrialStore(join(dir, `tune-${++databases}.db`));
  return { store, reads: new SqliteDashboardReads(store.db) };
});

const server = await testPostgresUrl();
if (server)
  dashboardControlSuite('PostgreSQL', async () => {
    const store = await PostgresTrialStore.open(await freshPostgresDatabase(server));
    return { store, reads: new PgDashboardReads(store.db) };
  });
else test('dashboard control on PostgreSQL', { skip: 'no PostgreSQL server (see the message above)' }, () => {});
