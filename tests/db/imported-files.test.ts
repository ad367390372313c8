import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { openDb, type OpenedDb } from '../../db/open-store.ts';
import { freshPostgresDatabase, testPostgresUrl } from '../helpers/postgres.ts';
import { tempDir } from '../helpers/temp.ts';

const newStudy = (name: string) => ({
  name,
  spec: { name },
  specDir: '/tmp',
  strategy: 'manual',
  objectiveMetric: 'val_loss',
  direction: 'minimize' as const,
  plannedTrials: null,
  external: true,
});

/** How far `import tensorboard` read each file, on each engine: `open` gives a new, empty database. */
function importedFilesSuite(engine: string, open: () => Promise<OpenedDb>) {
  describe(`imported file offsets on ${engine}`, () => {
    let db: OpenedDb;
    beforeEach(async () => {
      db = await open();
    });
    afterEach(() => db.store.close());

    test('an offset is saved, moved forward (past 4 GB), and listed per study', async () => {
      const a = await db.store.createStudy(newStudy('a'));
      const b = await db.store.createStudy(newStudy('b'));
      const trial = await db.store.createTrial(a.id, 0, {}, 0);
      const other = await db.store.createTrial(b.id, 0, {}, 0);
      await db.importedFiles.save({ studyId: a.id, file: 'run/train/events', run: 'run', trialId: trial.id, offset: 100 });
      await db.importedFiles.save({ studyId: a.id, file: 'run/train/events', run: 'run', trialId: trial.id, offset: 5_000_000_000 });
      await db.importedFiles.save({ studyId: b.id, file: 'x/events', run: 'x', trialId: other.id, offset: 7 });
      assert.deepEqual(await db.importedFiles.list(a.id), [
        { studyId: a.id, file: 'run/train/events', run: 'run', trialId: trial.id, offset: 5_000_000_000 },
      ]);
      assert.equal((await db.importedFiles.list(b.id)).length, 1);
    });
  });
}

const dir = tempDir();
let databases = 0;
importedFilesSuite('SQLite', () => openDb(join(dir, `tune-${++databases}.db`)));
const server = await testPostgresUrl();
if (server) importedFilesSuite('PostgreSQL', async () => openDb(await freshPostgresDatabase(server)));
else test('imported file offsets on PostgreSQL', { skip: 'no PostgreSQL server (see the message above)' }, () => {});
