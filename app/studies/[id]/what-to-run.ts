/**
 * What an external study's page tells its user to run: the Python loop, the Keras callback line and the agent
 * command, with this server's address and the study's name filled in. Plain text, built here so a test reads it.
 */

export interface WhatToRunInput {
  /** The server's address as the browser reached it (see serverUrl). */
  url: string;
  name: string;
  strategy: string;
  objectiveMetric: string;
  /** Searched parameter names, then fixed ones (a manual study's example params come from them). */
  space: Record<string, unknown>;
  fixed: Record<string, unknown>;
  /** Whether the server asks for a token: the snippets then say to set TUNEBOARD_TOKEN (never the token itself). */
  token: boolean;
}

export interface WhatToRun {
  python: string;
  keras: string;
  /** The agent command and the train.py it runs; null for a manual study, whose trials are not handed out. */
  agent: string | null;
  agentScript: string | null;
  tokenNote: string | null;
}

/**
 * The address clients reach this server at: the request's Host header (already checked by the proxy: a loopback name,
 * or any name with the token), over https when a proxy in front says so; 127.0.0.1:3000 when the header is unusable.
 */
export function serverUrl(host: string | null | undefined, forwardedProto?: string | null): string {
  const safeHost = host && /^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? host : '127.0.0.1:3000';
  const proto = forwardedProto?.split(',')[0].trim() === 'https' ? 'https' : 'http';
  return `${proto}://${safeHost}`;
}

/** A Python string literal (JSON's escapes are Python's). */
export function pythonString(text: string): string {
  return JSON.stringify(text);
}

/** A word for a POSIX shell: as is when it is plainly safe, else in single quotes. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PYTHON_KEYWORDS = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
]);

/** `trial.report(epoch, …)` with the metrics as keywords when they are Python names, else as a dict. */
export function reportCall(metrics: string[]): string {
  const names = [...new Set(metrics)];
  if (names.every((m) => IDENTIFIER.test(m) && !PYTHON_KEYWORDS.has(m)))
    return `trial.report(epoch, ${names.map((m) => `${m}=...`).join(', ')})`;
  return `trial.report(epoch, {${names.map((m) => `${pythonString(m)}: ...`).join(', ')}})`;
}

/** The metrics the example reports: the training loss and the objective. */
function exampleMetrics(objective: string): string[] {
  return objective === 'loss' ? ['loss'] : ['loss', objective];
}

function epochsLoop(input: WhatToRunInput): string {
  return 'epochs' in input.space || 'epochs' in input.fixed
    ? 'for epoch in range(1, trial.params["epochs"] + 1):'
    : 'for epoch in range(1, 11):';
}

export function whatToRun(input: WhatToRunInput): WhatToRun {
  const url = pythonString(input.url);
  const name = pythonString(input.name);
  const report = reportCall(exampleMetrics(input.objectiveMetric));
  const manual = input.strategy === 'manual';
  const python = manual
    ? [
        'from tuneboard import Study',
        '',
        `study = Study.load(${url}, ${name})`,
        '# manual: each run brings its own params (plain experiment tracking)',
        `trial = study.add_trial(${exampleParams(input)})`,
        'with trial:                                     # an exception fails the trial with its text',
        '    model = build(trial.params)',
        `    ${epochsLoop(input)}`,
        '        ...                                     # train one epoch, then evaluate',
        `        ${report}`,
        '        if trial.should_stop:                   # paused or cancelled from the dashboard',
        '            break',
        '    trial.finish(test_scores={"accuracy": ...})',
      ].join('\n')
    : [
        'from tuneboard import Study',
        '',
        `study = Study.load(${url}, ${name})`,
        "# or Study(url, spec={...}) with this study's spec (below): the same name and spec find it again",
        'for trial in study.trials():                    # asks for trials until the study is done',
        '    with trial:                                 # an exception fails the trial with its text',
        '        model = build(trial.params)',
        `        ${epochsLoop(input)}`,
        '            ...                                 # train one epoch, then evaluate',
        `            ${report}`,
        '            if trial.should_stop:               # pruned, paused or cancelled',
        '                break',
        '        trial.finish(test_scores={"accuracy": ...})',
      ].join('\n');
  const keras = [
    'from tuneboard import TuneboardCallback',
    '',
    "model.fit(..., callbacks=[TuneboardCallback(trial)])   # reports each epoch's logs; stops when pruned",
  ].join('\n');
  const agent = manual ? null : `npx tuneboard agent --server ${shellWord(input.url)} --study ${shellWord(input.name)} -- python train.py`;
  const agentScript = manual
    ? null
    : [
        '# train.py: the agent runs it once per trial, with the trial in its environment',
        'from tuneboard import Trial',
        '',
        'trial = Trial.from_env()',
        'with trial:',
        '    model = build(trial.params)',
        `    ${epochsLoop(input)}`,
        '        ...',
        `        ${report}`,
        '        if trial.should_stop:',
        '            break',
        '    trial.finish(test_scores={"accuracy": ...})',
      ].join('\n');
  const tokenNote = input.token
    ? 'This server asks for a token: set TUNEBOARD_TOKEN to it where the program or the agent runs (the client and the agent read it from there).'
    : null;
  return { python, keras, agent, agentScript, tokenNote };
}

/** Example params for a manual trial: the spec's names with a plausible value, or a learning rate. */
function exampleParams(input: WhatToRunInput): string {
  const names = Object.keys(input.space);
  if (names.length === 0) return '{"learning_rate": 0.001, "hidden": 128}';
  return `{${names.map((n) => `${pythonString(n)}: ...`).join(', ')}}`;
}
