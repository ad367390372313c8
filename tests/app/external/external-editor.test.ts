import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addedMode, newParamNameProblem, paramModes, paramRows, withParam } from '../../../app/studies/new/param-draft.ts';
import { checkDraft, newSpecDraft, objectiveMetrics, setAt, withFamily } from '../../../app/studies/new/spec-draft.ts';
import { pythonString, reportCall, serverUrl, shellWord, whatToRun } from '../../../app/studies/[id]/what-to-run.ts';

test('choosing External drops the data set, task and early stopping; choosing mlp again brings a data set back', () => {
  const start = { ...newSpecDraft(), name: 'x', early_stopping: { patience: 3 } };
  const external = withFamily(start, 'external');
  assert.equal(external.dataset, undefined);
  assert.equal(external.early_stopping, undefined);
  assert.deepEqual(external.model, { family: 'external' });
  const manual = setAt(external, ['strategy'], { type: 'manual' });
  const back = withFamily(manual, 'mlp');
  assert.deepEqual(back.dataset, newSpecDraft().dataset);
  assert.deepEqual(back.model, { family: 'mlp', task: 'classification' });
  assert.deepEqual(back.strategy, { type: 'grid', max_trials: 1000 });
  assert.deepEqual(checkDraft(back).issues, []);
});

test('an external draft takes any parameter name and kind, and a free objective metric, and passes the schema', () => {
  let draft = withFamily({ ...newSpecDraft(), name: 'torch-mnist' }, 'external');
  assert.deepEqual(paramModes('hidden_size'), ['float', 'int', 'choice', 'bool', 'fixed']);
  assert.deepEqual(paramModes('dropout'), ['float', 'choice', 'fixed']);
  assert.deepEqual(paramModes('dropout', true), ['float', 'int', 'choice', 'bool', 'fixed']);
  assert.equal(addedMode('my/lr'), 'float');
  draft = withParam(draft, 'my/lr', addedMode('my/lr'));
  draft = withParam(draft, 'hidden_size', 'int');
  draft = withParam(draft, 'arch', 'choice');
  draft = setAt(draft, ['space', 'arch', 'values'], ['mlp', 'cnn']);
  draft = withParam(draft, 'momentum', 'fixed');
  draft = setAt(draft, ['fixed', 'epochs'], 5);
  draft = setAt(draft, ['strategy'], { type: 'random', trials: 8, seed: 1 });
  draft = { ...draft, objective: { metric: 'val/acc', direction: 'maximize' } };
  assert.deepEqual(paramRows(draft), ['my/lr', 'hidden_size', 'arch', 'momentum']);
  const check = checkDraft(draft);
  assert.deepEqual(check.issues, []);
  assert.equal(check.trials, 8);
  assert.ok(objectiveMetrics(draft).includes('val_accuracy'));
  // Manual: no planned trial count, and still a valid spec.
  const manual = checkDraft(setAt(draft, ['strategy'], { type: 'manual' }));
  assert.deepEqual(manual.issues, []);
  assert.equal(manual.trials, null);
  // An empty choice is the schema's to report, at the field.
  const empty = checkDraft(setAt(draft, ['space', 'arch', 'values'], []));
  assert.ok(empty.issues.some((i) => i.path.startsWith('space.arch')));
});

test('a new parameter name must be new and not blank', () => {
  const draft = withParam(withFamily(newSpecDraft(), 'external'), 'lr', 'float');
  assert.equal(newParamNameProblem(draft, '  '), 'type a name');
  assert.match(newParamNameProblem(draft, 'lr') ?? '', /already/);
  assert.equal(newParamNameProblem(draft, 'units/2'), null);
  assert.match(newParamNameProblem(draft, 'x'.repeat(101)) ?? '', /100/);
});

const base = {
  url: 'http://127.0.0.1:3000',
  name: 'torch-mnist',
  strategy: 'random',
  objectiveMetric: 'val_loss',
  space: { lr: { type: 'float' } },
  fixed: { epochs: 5 },
  token: false,
};

test('the snippets carry the server address and study name', () => {
  const s = whatToRun(base);
  assert.match(s.python, /^from tuneboard import Study$/m);
  assert.match(s.python, /study = Study\.load\("http:\/\/127\.0\.0\.1:3000", "torch-mnist"\)/);
  assert.match(s.python, /for trial in study\.trials\(\):/);
  assert.match(s.python, /for epoch in range\(1, trial\.params\["epochs"\] \+ 1\):/);
  assert.match(s.python, /trial\.report\(epoch, loss=\.\.\., val_loss=\.\.\.\)/);
  assert.match(s.python, /trial\.finish\(test_scores=/);
  assert.match(s.keras, /model\.fit\(\.\.\., callbacks=\[TuneboardCallback\(trial\)\]\)/);
  assert.equal(s.agent, 'npx tuneboard agent --server http://127.0.0.1:3000 --study torch-mnist -- python train.py');
  assert.match(s.agentScript ?? '', /Trial\.from_env\(\)/);
  assert.equal(s.tokenNote, null);
  assert.match(whatToRun({ ...base, token: true }).tokenNote ?? '', /TUNEBOARD_TOKEN/);
  // Without an epochs budget the loop counts its own.
  assert.match(whatToRun({ ...base, fixed: {} }).python, /range\(1, 11\)/);
});

test('names that are not plain words are quoted for Python and the shell', () => {
  const s = whatToRun({ ...base, name: `it's "mine" $HOME`, objectiveMetric: 'val/acc' });
  assert.match(s.python, /Study\.load\("http:\/\/127\.0\.0\.1:3000", "it's \\"mine\\" \$HOME"\)/);
  assert.match(s.agent ?? '', /--study 'it'\\''s "mine" \$HOME' --/);
  assert.match(s.python, /trial\.report\(epoch, \{"loss": \.\.\., "val\/acc": \.\.\.\}\)/);
  assert.equal(reportCall(['loss', 'class']), 'trial.report(epoch, {"loss": ..., "class": ...})');
  assert.equal(pythonString('a\nb'), '"a\\nb"');
  assert.equal(shellWord('plain-name_1.2'), 'plain-name_1.2');
});

test('a manual study adds its own trial, and has no agent command', () => {
  const s = whatToRun({ ...base, strategy: 'manual', space: {} });
  assert.match(s.python, /trial = study\.add_trial\(\{/);
  assert.doesNotMatch(s.python, /study\.trials\(\)/);
  assert.equal(s.agent, null);
  assert.equal(s.agentScript, null);
});

test('the server address comes from the Host header, checked', () => {
  assert.equal(serverUrl('127.0.0.1:4123'), 'http://127.0.0.1:4123');
  assert.equal(serverUrl('gpu.example.org', 'https'), 'https://gpu.example.org');
  assert.equal(serverUrl('[::1]:3000', 'http'), 'http://[::1]:3000');
  assert.equal(serverUrl('evil"host<script>'), 'http://127.0.0.1:3000');
  assert.equal(serverUrl(null), 'http://127.0.0.1:3000');
});
