import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/temp.ts';

/**
 * Every failure of a command is one sentence (`tuneboard: …`) with exit code 2 for bad input or 1 for anything else,
 * never a stack trace; with --json it is also `{"error": …}` on stdout. Checked on a real study's exported model.
 */
const dir = tempDir('tb-failures-');
const db = join(dir, 'failures.db');
const model = join(dir, 'model');

function tuneboard(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/tuneboard.mjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, TUNEBOARD_DB: db },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The run failed with exactly one line on stderr (no stack, no library source), saying `message`. */
function assertOneSentence(result: { code: number | null; stderr: string }, code: number, message: RegExp) {
  assert.equal(result.code, code, result.stderr);
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, result.stderr.slice(0, 2000));
  assert.match(lines[0], /^tuneboard: /);
  assert.match(lines[0], message);
  assert.ok(lines[0].length < 400, lines[0].slice(0, 2000));
}

describe('CLI failures are one sentence and an exit code', () => {
  before(() => {
    const spec = join(dir, 'spec.json');
    writeFileSync(
      spec,
      JSON.stringify({
        name: 'failures',
        dataset: { source: 'penguins', limit: 60 },
        model: { family: 'mlp', task: 'classification' },
        fixed: { epochs: 1, units: 4 },
        workers: 1,
      }),
    );
    const run = tuneboard('run', spec, '--json');
    assert.equal(run.code, 0, run.stderr);
    const exported = tuneboard('export', 'failures', '--best', '--out', model);
    assert.equal(exported.code, 0, exported.stderr);
  });

  test('export --out onto an existing file is refused, naming --out', () => {
    const file = join(dir, 'taken.txt');
    writeFileSync(file, 'mine');
    assertOneSentence(tuneboard('export', 'failures', '--out', file), 2, /--out .*taken\.txt is an existing file, not a folder/);
    assert.equal(readFileSync(file, 'utf8'), 'mine');
  });

  test('with --json the failure is also JSON on stdout', () => {
    const result = tuneboard('export', 'failures', '--out', join(dir, 'taken.txt'), '--json');
    assert.equal(result.code, 2);
    assert.match(JSON.parse(result.stdout).error, /is an existing file/);
  });

  test('predict on a truncated model.json names the file, without TF.js source', () => {
    const broken = join(dir, 'truncated');
    cpSync(model, broken, { recursive: true });
    const json = readFileSync(join(model, 'model.json'), 'utf8');
    writeFileSync(join(broken, 'model.json'), json.slice(0, json.length / 2));
    const csv = join(dir, 'rows.csv');
    writeFileSync(csv, 'Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g)\n40,18,190,3500\n');
    assertOneSentence(tuneboard('predict', broken, csv), 2, /truncated\/model\.json: not valid JSON/);
  });

  test('predict on weights that do not fit the model names the model', () => {
    const broken = join(dir, 'no-weights');
    cpSync(model, broken, { recursive: true });
    writeFileSync(join(broken, 'weights.bin'), new Uint8Array(8));
    const csv = join(dir, 'rows.csv');
    assertOneSentence(tuneboard('predict', broken, csv), 2, /no-weights\/model\.json: cannot be loaded as a TF\.js layers model/);
  });

  test('predict given a .npy for a tabular model says it reads CSV rows', () => {
    assertOneSentence(
      tuneboard('predict', model, 'tests/fixtures/bad/npy/good-images.npy'),
      2,
      /this model reads CSV rows with the columns Beak Length \(mm\), .* not a \.npy file/,
    );
  });

  test('an unforeseen error is one sentence with exit code 1', () => {
    const result = tuneboard('export', 'failures', '--out', join(dir, 'taken.txt', 'inside'), '--json');
    assertOneSentence(result, 1, /^tuneboard: export failed: ENOTDIR/);
    assert.match(JSON.parse(result.stdout).error, /^export failed: ENOTDIR/);
  });

  test('resume of a finished study is bad input', () => {
    assertOneSentence(tuneboard('resume', 'failures'), 2, /study \d+ "failures" is completed: nothing to resume/);
  });

  test('a bad command line answers --json with JSON', () => {
    for (const args of [['frobnicate'], ['list', '--bogus'], ['show', 'nope'], []]) {
      const result = tuneboard(...args, '--json');
      assert.equal(result.code, 2, args.join(' '));
      assert.equal(typeof JSON.parse(result.stdout).error, 'string', args.join(' '));
    }
    assert.equal(JSON.parse(tuneboard('list', '--bogus', '--json').stdout).error, 'unknown option --bogus');
  });
});
