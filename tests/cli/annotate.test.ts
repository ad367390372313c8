import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir('tb-annotate-');
const db = join(dir, 'notes.db');

function tuneboard(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/tuneboard.mjs', ...args, '--db', db], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function read<T>(f: (store: SqliteTrialStore) => Promise<T>): Promise<T> {
  const store = new SqliteTrialStore(db);
  try {
    return await f(store);
  } finally {
    await store.close();
  }
}

/** `tuneboard tag` and `tuneboard note` as a user types them, against a real database. */
describe('tuneboard tag and note', () => {
  before(() =>
    read(async (store) => {
      const study = await store.createStudy({
        name: 'galaxy',
        spec: { name: 'galaxy' },
        specDir: dir,
        strategy: 'grid',
        objectiveMetric: 'val_loss',
        direction: 'minimize',
        plannedTrials: 2,
      });
      await store.createTrial(study.id, 0, {}, 1);
      await store.createTrial(study.id, 1, {}, 2);
    }),
  );

  test('+TAG adds and -TAG removes tags of a study; --json answers the result', async () => {
    assert.equal(tuneboard('tag', 'galaxy', '+resnet', '+keep', '+gpu').code, 0);
    const out = tuneboard('tag', 'galaxy', '-gpu', '--json');
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(JSON.parse(out.stdout), { study: 1, note: '', tags: ['resnet', 'keep'] });
    assert.deepEqual((await read((s) => s.getStudy('galaxy')))!.tags, ['resnet', 'keep']);
  });

  test('STUDY/N names trial number N; a note comes from TEXT or --file', async () => {
    assert.equal(tuneboard('tag', 'galaxy/1', '+odd').code, 0);
    const file = join(dir, 'note.md');
    writeFileSync(file, '# Trial 1\n\nDiverged after **epoch 3**.\n');
    assert.equal(tuneboard('note', 'galaxy/1', '--file', file).code, 0);
    assert.equal(tuneboard('note', '1', 'study note').code, 0);
    const [study, trials] = await read(async (s) => [await s.getStudy(1), await s.listTrials(1)] as const);
    assert.equal(study!.note, 'study note');
    assert.deepEqual([trials[1].tags, trials[1].note], [['odd'], '# Trial 1\n\nDiverged after **epoch 3**.\n']);
    assert.deepEqual(trials[0].tags, []);
  });

  test('bad input exits 2 with one sentence naming what is wrong, and writes nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['tag', 'galaxy', '+a,b'], /add\[0\]: must not hold a comma/],
      [['tag', 'galaxy', `+${'x'.repeat(41)}`], /add\[0\]: must be at most 40 characters/],
      [['tag', 'galaxy', '+bell\u0007'], /add\[0\]: must not hold control characters \(U\+0007/],
      [['tag', 'galaxy'], /give tags as \+TAG to add and -TAG to remove/],
      [['tag', 'nowhere', '+a'], /no study "nowhere"/],
      [['tag', 'galaxy/7', '+a'], /study "galaxy" has no trial number 7/],
      [['note', 'galaxy'], /give the note as TEXT or --file F/],
      [['note', 'galaxy', '--file', join(dir, 'missing.md')], /--file .*missing\.md: no such file/],
      [['note', 'galaxy', 'esc \u001b[2J'], /note: must not hold control characters \(U\+001B at position 5\)/],
    ];
    for (const [args, message] of cases) {
      const out = tuneboard(...args);
      assert.equal(out.code, 2, `${args.join(' ')}: ${out.stderr}`);
      assert.match(out.stderr, message);
      assert.equal(out.stderr.trim().split('\n').length, 1, out.stderr);
    }
    const study = await read((s) => s.getStudy('galaxy'));
    assert.deepEqual([study!.tags, study!.note], [['resnet', 'keep'], 'study note']);
  });
});
