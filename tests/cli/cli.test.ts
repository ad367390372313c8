import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir('tb-cli-');
const db = join(dir, 'cli.db');

function tuneboard(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/tuneboard.mjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, TUNEBOARD_DB: db },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function writeSpec(name: string, spec: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

const penguins = {
  name: 'cli-penguins',
  dataset: { source: 'penguins' },
  model: { family: 'mlp', task: 'classification' },
  space: { units: { type: 'choice', values: [4, 8] } },
  fixed: { epochs: 2 },
  objective: { metric: 'val_accuracy' },
  workers: 2,
};

describe('tuneboard CLI', () => {
  test('run --json prints every trial with params, epochs and test scores', () => {
    const { code, stdout, stderr } = tuneboard('run', writeSpec('ok.json', penguins), '--json');
    assert.equal(code, 0, stderr);
    const out = JSON.parse(stdout);
    assert.equal(out.state, 'completed');
    assert.equal(out.trials.length, 2);
    assert.deepEqual(
      out.trials.map((t: any) => t.params.units),
      [4, 8],
    );
    for (const t of out.trials) {
      assert.equal(t.epochs, 2);
      assert.equal(t.testScores.kind, 'classification');
    }
    assert.equal(out.best.objective, Math.max(...out.trials.map((t: any) => t.objective)));
  });

  test('run prints a progress line per trial and a results summary', () => {
    const { code, stdout, stderr } = tuneboard('run', writeSpec('text.json', { ...penguins, name: 'cli-text' }), '--workers', '1');
    assert.equal(code, 0, stderr);
    assert.match(stderr, /2\/2 trials .* best val_accuracy/);
    assert.match(stdout, /^Results summary/);
    assert.match(stdout, /Trial \d \(id \d+\) summary\nHyperparameters:\n {2}units: [48]/);
  });

  test('list and show find the studies', () => {
    const list = tuneboard('list');
    assert.equal(list.code, 0);
    assert.match(list.stdout, /cli-penguins\s+completed\s+grid\s+2\/2/);
    const show = tuneboard('show', 'cli-text');
    assert.equal(show.code, 0);
    assert.match(show.stdout, /All trials/);
    const json = JSON.parse(tuneboard('show', 'cli-penguins', '--json').stdout);
    assert.equal(json.trials.length, 2);
  });

  test('an invalid spec exits 2, names the field and writes nothing', () => {
    const before = JSON.parse(tuneboard('list', '--json').stdout).length;
    const bad = { ...penguins, space: { dropout: { type: 'float', min: 0.2, max: 0.8, step: 0 } } };
    const { code, stderr } = tuneboard('run', writeSpec('bad.json', bad));
    assert.equal(code, 2);
    assert.match(stderr, /space\.dropout\.step: must be > 0/);
    assert.equal(JSON.parse(tuneboard('list', '--json').stdout).length, before);
  });

  test('a CSV with an unknown target exits 2 and lists the columns', () => {
    const csv = join(dir, 'tiny.csv');
    writeFileSync(csv, 'a,b,label\n1,2,x\n3,4,y\n');
    const { code, stderr } = tuneboard('run', writeSpec('csv.json', { ...penguins, dataset: { csv: 'tiny.csv', target: 'species' } }));
    assert.equal(code, 2);
    assert.match(stderr, /species/);
    assert.match(stderr, /label/);
  });

  test('usage errors', () => {
    assert.equal(tuneboard('frobnicate').code, 2);
    assert.match(tuneboard('show', '999').stderr, /no study "999"/);
    assert.match(tuneboard('run', '--workers', 'zero', 'x.json').stderr, /--workers: must be an integer/);
    assert.match(tuneboard('run', join(dir, 'missing.json')).stderr, /missing\.json: no such file/);
  });
});
