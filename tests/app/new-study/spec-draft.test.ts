import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkDraft,
  duplicateDraft,
  fieldErrorText,
  issuesAt,
  newSpecDraft,
  parseDraftJson,
  setAt,
} from '../../../app/studies/new/spec-draft.ts';
import { withParam } from '../../../app/studies/new/param-draft.ts';

const named = () => ({ ...newSpecDraft(), name: 'try' });

test('a new draft with a name is a valid spec of one trial', () => {
  const check = checkDraft(named());
  assert.deepEqual(check.issues, []);
  assert.equal(check.trials, 1);
});

test('an empty name is reported at the name field', () => {
  assert.deepEqual(
    checkDraft(newSpecDraft()).issues.map((i) => i.path),
    ['name'],
  );
});

test('a bad step is reported at its own path', () => {
  const draft = setAt(withParam(named(), 'dropout', 'float'), ['space', 'dropout', 'step'], -1);
  assert.ok(checkDraft(draft).issues.some((i) => i.path === 'space.dropout.step' && /> 0/.test(i.message)));
});

test('the grid size multiplies the domains', () => {
  let draft = withParam(named(), 'n_layers', 'int');
  draft = setAt(draft, ['space', 'n_layers'], { type: 'int', min: 1, max: 3 });
  draft = withParam(draft, 'activation', 'choice');
  assert.equal(checkDraft(draft).grid, 6);
  assert.equal(checkDraft(draft).trials, 6);
});

test('random search runs its trials, at most the size of a finite space', () => {
  const draft = setAt(withParam(named(), 'batch_norm', 'bool'), ['strategy'], { type: 'random', trials: 20, seed: 0 });
  assert.equal(checkDraft(draft).trials, 2);
});

test('a continuous float space has no grid count', () => {
  const check = checkDraft(withParam(named(), 'learning_rate', 'float'));
  assert.equal(check.grid, Infinity);
  assert.equal(check.trials, null);
  assert.ok(check.issues.some((i) => i.path === 'space.learning_rate.step'));
});

test('nested issues include sub-fields but not siblings with the same prefix', () => {
  const issues = [
    { path: 'space.units.min', message: 'a' },
    { path: 'space.units_x', message: 'b' },
    { path: 'space.units', message: 'c' },
  ];
  assert.deepEqual(
    issuesAt(issues, 'space.units', true).map((i) => i.message),
    ['a', 'c'],
  );
  assert.deepEqual(
    issuesAt(issues, 'space.units').map((i) => i.message),
    ['c'],
  );
});

test('setAt with undefined removes the key', () => {
  assert.deepEqual(setAt({ a: { b: 1, c: 2 } }, ['a', 'b'], undefined), { a: { c: 2 } });
});

test('an imported file must be a JSON object', () => {
  assert.throws(() => parseDraftJson('[1]'), /JSON object/);
  assert.throws(() => parseDraftJson('{'), /not valid JSON/);
  assert.equal(parseDraftJson('{"name":"x"}').name, 'x');
});

test('a duplicate keeps the spec and renames it', () => {
  const copy = duplicateDraft({ name: 'mnist', workers: 2 });
  assert.deepEqual(copy, { name: 'mnist (copy)', workers: 2 });
});

test('tpe and hyperband run their trials too, at most the size of a finite space', () => {
  const draft = withParam(named(), 'batch_norm', 'bool');
  assert.equal(checkDraft(setAt(draft, ['strategy'], { type: 'tpe', trials: 20 })).trials, 2);
  assert.equal(checkDraft(setAt(draft, ['strategy'], { type: 'hyperband', trials: 1 })).trials, 1);
});

test('an error under a field keeps its full path when it is about a part of the field', () => {
  const draft = setAt(newSpecDraft(), ['space', 'units'], { type: 'choice', values: [8, -1] });
  const [issue] = issuesAt(checkDraft(draft).issues, 'space.units.values', true);
  assert.match(fieldErrorText(issue, 'space.units.values'), /^space\.units\.values\[1\]: must be/);
  assert.equal(fieldErrorText({ path: 'name', message: 'must not be empty' }, 'name'), 'must not be empty');
});
