import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Text stored by someone else (an old database, a trial's error, a param) reaches the terminal escaped: a study name
 * with ESC sequences, CR/LF and C1 controls can neither clear the screen nor forge lines of `list`, `show` or errors.
 * The name goes straight into the database, as specs now refuse it.
 */
const HOSTILE = 'evil\x1b[2J\r\nStudy 99 "forged": completed\x07\x9b31m';
const SHOWN = String.raw`evil\x1b[2J\r\nStudy 99 "forged": completed\x07\x9b31m`;
// Any C0 or C1 control character except the newlines that end our own lines.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

const dir = tempDir('tb-escapes-');
const db = join(dir, 'escapes.db');

function tuneboard(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/tuneboard.mjs', ...args, '--db', db], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** No control character, and no line that does not come from the CLI itself. */
function assertSafe(output: string) {
  assert.doesNotMatch(output, CONTROL);
  assert.doesNotMatch(output, /^Study 99/m);
}

describe('control characters in stored text are escaped on the terminal', () => {
  before(async () => {
    const store = new SqliteTrialStore(db);
    try {
      const spec = { name: 'plain', dataset: { source: 'penguins' }, model: { family: 'mlp', task: 'classification' } };
      const study = await store.createStudy({
        name: HOSTILE,
        spec,
        specDir: dir,
        strategy: 'grid',
        objectiveMetric: 'val_loss',
        direction: 'minimize',
        plannedTrials: 1,
      });
      const trial = await store.createTrial(study.id, 0, { activation: HOSTILE }, 1);
      await store.claimTrial(trial.id, 'test:1', null);
      await store.finishTrial(trial.id, { state: 'failed', objective: null, bestEpoch: null, epochsRun: 0, error: HOSTILE, durationMs: 5 });
      await store.setStudyState(study.id, 'completed');
    } finally {
      await store.close();
    }
  });

  test('list shows the name escaped', () => {
    const { code, stdout, stderr } = tuneboard('list');
    assert.equal(code, 0, stderr);
    assertSafe(stdout);
    assert.ok(stdout.includes(SHOWN), stdout);
  });

  test('show escapes the name, the params and the error, in the summary and the table', () => {
    const { code, stdout, stderr } = tuneboard('show', '1');
    assert.equal(code, 0, stderr);
    assertSafe(stdout);
    assert.equal(stdout.split(SHOWN).length - 1, 4, stdout); // the name, the failure reason, the table's error and param
  });

  test('show --json keeps the name as it is stored', () => {
    assert.equal(JSON.parse(tuneboard('show', '1', '--json').stdout).name, HOSTILE);
  });

  test('an error message naming the study escapes it', () => {
    const { code, stderr } = tuneboard('resume', '1');
    assert.equal(code, 2);
    assertSafe(stderr);
    assert.ok(stderr.includes(`study 1 "${SHOWN}" is completed: nothing to resume`), stderr);
  });

  test('an unknown command is echoed escaped', () => {
    const { code, stderr } = tuneboard('\x1b[2Jlist');
    assert.equal(code, 2);
    assertSafe(stderr);
    assert.match(stderr, /unknown command "\\x1b\[2Jlist"/);
  });
});
