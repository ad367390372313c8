import { test } from 'node:test';
import { PostgresTrialStore } from '../../db/pg/trial-store.ts';
import { freshPostgresDatabase, testPostgresUrl } from '../helpers/postgres.ts';
import { storageSuite } from './storage-suite.ts';

const server = await testPostgresUrl();
if (server) {
  let url = '';
  storageSuite('PostgreSQL', async (same) => {
    if (!same) url = await freshPostgresDatabase(server);
    return PostgresTrialStore.open(url);
  });
} else test('PostgreSQL storage suite', { skip: 'no PostgreSQL server (see the message above)' }, () => {});
