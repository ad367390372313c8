import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { openDb, type OpenedDb } from '../../db/open-store.ts';
import { listStudies } from '../../db/study-list.ts';
import { MAX_TAGS, TooManyTags } from '../../db/annotations.ts';
import { freshPostgresDatabase, testPostgresUrl } from '../helpers/postgres.ts';
import { tempDir } from '../helpers/temp.ts';

const newStudy = (name: string, dataset: unknown) => ({
  name,
  spec: { name, dataset },
  specDir: '/tmp',
  strategy: 'grid',
  objectiveMetric: 'val_loss',
  direction: 'minimize' as const,
  plannedTrials: 2,
});

/** Notes and tags, and the studies list's search over them, on each engine: `open` gives a new, empty database. */
function annotationSuite(engine: string, open: () => Promise<OpenedDb>) {
  describe(`notes and tags on ${engine}`, () => {
    let db: OpenedDb;
    beforeEach(async () => {
      db = await open();
    });
    afterEach(() => db.store.close());

    test('a new study and trial have no note and no tags', async () => {
      const study = await db.store.createStudy(newStudy('a', { source: 'penguins' }));
      const trial = await db.store.createTrial(study.id, 0, {}, 1);
      assert.deepEqual([study.note, study.tags], ['', []]);
      assert.deepEqual([trial.note, trial.tags], ['', []]);
    });

    test('tags are added in order without duplicates and removed; the note is replaced; both read back', async () => {
      const study = await db.store.createStudy(newStudy('a', { source: 'penguins' }));
      assert.deepEqual(await db.annotations.annotate('study', study.id, { add: ['b', 'a', 'b'] }), { note: '', tags: ['b', 'a'] });
      assert.deepEqual(await db.annotations.annotate('study', study.id, { remove: ['b'], add: ['c'], note: '# hi' }), {
        note: '# hi',
        tags: ['a', 'c'],
      });
      const row = await db.store.getStudy(study.id);
      assert.deepEqual([row!.note, row!.tags], ['# hi', ['a', 'c']]);
      assert.deepEqual((await db.reads.listStudyOverviews())[0].tags, ['a', 'c']);
    });

    test('a finished trial still takes a note and tags; its result is unchanged', async () => {
      const study = await db.store.createStudy(newStudy('a', { source: 'penguins' }));
      const trial = await db.store.createTrial(study.id, 0, {}, 1);
      await db.store.finishTrial(trial.id, { state: 'completed', objective: 0.5, bestEpoch: 0, epochsRun: 1, durationMs: 5 });
      await db.annotations.annotate('trial', trial.id, { add: ['odd'], note: 'looks *odd*' });
      const row = await db.store.getTrial(trial.id);
      assert.deepEqual([row!.note, row!.tags, row!.state, row!.objective], ['looks *odd*', ['odd'], 'completed', 0.5]);
    });

    test('unknown ids answer undefined; more than MAX_TAGS tags is refused and nothing is written', async () => {
      assert.equal(await db.annotations.annotate('study', 999, { add: ['x'] }), undefined);
      assert.equal(await db.annotations.annotate('trial', 999, { add: ['x'] }), undefined);
      const study = await db.store.createStudy(newStudy('a', { source: 'penguins' }));
      const many = Array.from({ length: MAX_TAGS }, (_, i) => `t${i}`);
      await db.annotations.annotate('study', study.id, { add: many });
      await assert.rejects(db.annotations.annotate('study', study.id, { add: ['one more'], note: 'lost' }), TooManyTags);
      const row = await db.store.getStudy(study.id);
      assert.deepEqual([row!.note, row!.tags], ['', many]);
    });

    test('concurrent tag changes all land', async () => {
      const study = await db.store.createStudy(newStudy('a', { source: 'penguins' }));
      await Promise.all(['p', 'q', 'r', 's'].map((tag) => db.annotations.annotate('study', study.id, { add: [tag] })));
      assert.deepEqual([...(await db.store.getStudy(study.id))!.tags].sort(), ['p', 'q', 'r', 's']);
    });

    test('the studies list searches names, tags and notes and filters by state, tag and data set', async () => {
      const mnist = await db.store.createStudy(newStudy('mnist-cnn', { source: 'mnist' }));
      const penguins = await db.store.createStudy(newStudy('penguins-mlp', { source: 'penguins' }));
      const csv = await db.store.createStudy(newStudy('houses', { csv: 'data/houses.csv', target: 'price' }));
      await db.annotations.annotate('study', mnist.id, { add: ['baseline'], note: 'Compare with **ResNet**' });
      await db.annotations.annotate('study', csv.id, { add: ['Baseline', 'regression'] });
      await db.store.setStudyState(penguins.id, 'completed');
      const names = async (filter: Parameters<typeof listStudies>[1]) => (await listStudies(db.reads, filter)).studies.map((s) => s.name);
      assert.deepEqual(await names({}), ['houses', 'penguins-mlp', 'mnist-cnn']);
      assert.deepEqual(await names({ q: 'PENGUIN' }), ['penguins-mlp']);
      assert.deepEqual(await names({ q: 'resnet' }), ['mnist-cnn']);
      assert.deepEqual(await names({ q: 'baseline' }), ['houses', 'mnist-cnn']);
      assert.deepEqual(await names({ tag: 'baseline' }), ['mnist-cnn']);
      assert.deepEqual(await names({ state: 'completed' }), ['penguins-mlp']);
      assert.deepEqual(await names({ dataset: 'data/houses.csv' }), ['houses']);
      assert.deepEqual(await names({ dataset: 'mnist', tag: 'regression' }), []);
      const { facets, total } = await listStudies(db.reads, { q: 'nothing' });
      assert.equal(total, 3);
      assert.deepEqual(facets, { tags: ['baseline', 'Baseline', 'regression'], datasets: ['data/houses.csv', 'mnist', 'penguins'] });
    });
  });
}

const dir = tempDir('tb-annotations-');
let databases = 0;
annotationSuite('SQLite', () => openDb(join(dir, `tune-${++databases}.db`)));

const server = await testPostgresUrl();
if (server) annotationSuite('PostgreSQL', async () => openDb(await freshPostgresDatabase(server)));
else test('notes and tags on PostgreSQL', { skip: 'no PostgreSQL server (see the message above)' }, () => {});
