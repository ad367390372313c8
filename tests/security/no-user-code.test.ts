import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { prepareDataset } from '../../datasets/prepare.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';

const CODE = "require('child_process').execSync('touch /tmp/pwned')";
type Spec = Record<string, any>;
const base = (): Spec => ({
  name: 'x',
  dataset: { source: 'penguins' },
  model: { family: 'mlp' },
  space: { units: { type: 'int', min: 8, max: 16 } },
  fixed: { epochs: 1 },
});

/** Every place a spec names something the engine acts on takes a value from a closed list, never code. */
const CASES: [field: string, mutate: (spec: Spec) => void, message: RegExp][] = [
  ['fixed.activation', (s) => (s.fixed.activation = CODE), /must be one of relu/],
  ['fixed.optimizer', (s) => (s.fixed.optimizer = CODE), /must be one of adam/],
  ['fixed.kernel_initializer', (s) => (s.fixed.kernel_initializer = CODE), /unknown hyperparameter/],
  [`fixed.${CODE}`, (s) => (s.fixed[CODE] = 1), /unknown hyperparameter/],
  ['space.activation.values[1]', (s) => (s.space.activation = { type: 'choice', values: ['relu', CODE] }), /must be one of relu/],
  [`space.${CODE}`, (s) => (s.space[CODE] = { type: 'int', min: 1, max: 2 }), /unknown hyperparameter/],
  ['model.family', (s) => (s.model.family = CODE), /must be mlp, cnn or external/],
  ['strategy.type', (s) => (s.strategy = { type: CODE }), /must be one of grid/],
  ['pruner.type', (s) => (s.pruner = { type: CODE }), /must be one of median/],
  ['objective.metric', (s) => (s.objective = { metric: CODE }), /is not logged/],
  ['backend', (s) => (s.backend = CODE), /must be one of auto/],
  ['dataset.source', (s) => (s.dataset = { source: CODE }), /must be one of penguins/],
];

test('code-like strings in spec fields are refused as unknown values, naming the field', () => {
  for (const [field, mutate, message] of CASES) {
    const spec = base();
    mutate(spec);
    assert.throws(
      () => parseStudySpec(spec),
      (error: Error) => error.message.includes(`${field}: `) && message.test(error.message),
      field,
    );
  }
});

test("a code-like column name is only ever looked up among the data set's columns", async () => {
  const spec = parseStudySpec({ ...base(), dataset: { source: 'penguins', target: CODE } });
  await assert.rejects(prepareDataset(spec.dataset!, 'classification'), /no column|not a column|unknown column|target/i);
});

/**
 * Nothing the server runs evaluates text: no eval, Function constructor, vm or child_process outside the two known
 * uses below, whose arguments are constants of the code. A new use fails here and has to be looked at.
 */
const KNOWN_USES = new Map([
  ['tuner/process-trial-runner.ts', 'forks the fixed workers/trial-process.mjs for native backends'],
  ['workers/backend/select-backend.ts', 'imports one of the fixed NATIVE_PACKAGES names'],
]);
const DANGEROUS =
  /\beval\s*\(|\bnew\s+Function\s*\(|\bFunction\s*\(\s*['"`]|['"](node:)?(child_process|vm)['"]|\bimport\s*\(\s*[^'"\s)]|\brequire\s*\(\s*[^'"\s)]|set(Timeout|Interval)\s*\(\s*['"`]/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx|mjs|js)$/.test(name) ? [path] : [];
  });
}

test('no server code path evaluates user input (eval, Function, vm, child_process, dynamic import)', () => {
  const files = ['app', 'lib', 'db', 'datasets', 'spec', 'tuner', 'workers'].flatMap(sources).concat('proxy.ts');
  assert.ok(files.length > 100, `scanned only ${files.length} files`);
  const found = files.filter((file) => DANGEROUS.test(readFileSync(file, 'utf8'))).map((file) => file.split('\\').join('/'));
  assert.deepEqual(found.sort(), [...KNOWN_USES.keys()].sort());
});
