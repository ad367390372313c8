import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { type RunningApp, startApp } from '../e2e/app-server.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * `tuneboard agent` against a real `serve` (the built dashboard) on a fresh SQLite file, running real Python
 * programs that report through the Python client's Trial.from_env(): two GPUs' slots at a time, a program that
 * finishes its trial itself and tidies up after, a failing program, Ctrl-C, cancel from the dashboard with a program
 * that ignores SIGTERM and leaves a child behind, and the refusals.
 */

const PYTHON = '/usr/bin/python3';
const dir = tempDir('tb-agent-');
const seenFile = join(dir, 'seen.jsonl');
let app: RunningApp;

const EXTERNAL = {
  model: { family: 'external' },
  space: { lr: { type: 'float', min: 0.001, max: 0.1, log: true } },
  fixed: { epochs: 3 },
  objective: { metric: 'val_loss', direction: 'minimize' },
  // The shortest lease: the agent heartbeats every lease_s / 3 (here 1.7 s), so that stops come quickly.
  lease_s: 5,
};

// Records what the trial saw, reports three epochs, and for even trial numbers finishes the trial itself (with a
// test score) and then goes on tidying up for longer than a heartbeat: the agent must leave it be.
const TRAIN = `
import json, os, sys, time
from tuneboard import Trial

def record(**fields):
    with open(os.environ["SEEN_FILE"], "a") as f:
        f.write(json.dumps(fields) + "\\n")

trial = Trial.from_env(heartbeat_interval=None)
record(event="start", trial=trial.id, number=trial.number, seed=trial.seed, cuda=os.environ.get("CUDA_VISIBLE_DEVICES"),
       env_id=os.environ["TUNEBOARD_TRIAL_ID"], params=trial.params, time=time.time())
for epoch in range(1, trial.params["epochs"] + 1):
    time.sleep(0.4)
    print(f"epoch {epoch}: loss {1 / epoch:.3f}", flush=True)
    trial.report(epoch, loss=1 / epoch, val_loss=1 / epoch + trial.params["lr"])
if trial.number % 2 == 0:
    trial.finish(test_scores={"accuracy": 0.9})
    time.sleep(4)
    print("tidied up", flush=True)
record(event="end", trial=trial.id, time=time.time())
`;

// Fails after some output, with a control character in its last line.
const FAIL = `
import sys
for i in range(40):
    print(f"line {i}")
print("ValueError: boom \\x1b[2J", file=sys.stderr)
sys.exit(3)
`;

// Ignores SIGTERM and leaves a child of its own: only SIGKILL to the whole process group ends both.
const STUBBORN = `
import json, os, signal, subprocess, sys, time
signal.signal(signal.SIGTERM, lambda *a: print("SIGTERM ignored", flush=True))
child = subprocess.Popen(["sleep", "300"])
with open(os.environ["SEEN_FILE"], "a") as f:
    f.write(json.dumps({"event": "stubborn", "trial": int(os.environ["TUNEBOARD_TRIAL_ID"]), "pids": [os.getpid(), child.pid]}) + "\\n")
print("running", flush=True)
while True:
    time.sleep(0.2)
`;

function script(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function createStudy(spec: object): Promise<number> {
  const response = await fetch(`${app.url}/api/v1/studies`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ spec }),
  });
  assert.equal(response.status, 201, await response.clone().text());
  return ((await response.json()) as { id: number }).id;
}

interface AgentRun {
  child: ChildProcess;
  output(): string;
  exit: Promise<number | null>;
}

function startAgent(args: string[]): AgentRun {
  const child = spawn(process.execPath, ['bin/tuneboard.mjs', 'agent', '--server', app.url, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONPATH: resolve('clients/python'), SEEN_FILE: seenFile, TUNEBOARD_URL: '', TUNEBOARD_TOKEN: '' },
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => output, exit };
}

/** Waits for the agent's exit, failing (and killing it) if it has not exited within `ms`. */
async function exitOf(run: AgentRun, ms = 120_000): Promise<number | null> {
  const timer = setTimeout(() => run.child.kill('SIGKILL'), ms);
  const code = await run.exit;
  clearTimeout(timer);
  return code;
}

/** Polls until `check` returns a value, while the agent runs. */
async function waitFor<T>(what: string, run: AgentRun, check: () => T | undefined | null | false): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = check();
    if (value) return value;
    if (run.child.exitCode !== null) throw new Error(`the agent exited (${run.child.exitCode}) before ${what}:\n${run.output()}`);
    if (Date.now() > deadline) throw new Error(`no ${what} within 60 s:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function seen(): Record<string, unknown>[] {
  if (!existsSync(seenFile)) return [];
  return readFileSync(seenFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

interface StoredTrial {
  id: number;
  number: number;
  state: string;
  worker: string | null;
  error: string | null;
  log: string | null;
  attempt: number;
  epochs_run: number;
  test_scores: string | null;
}

function storedTrials(studyId: number): StoredTrial[] {
  const db = new Database(app.db, { readonly: true });
  try {
    return db.prepare('SELECT * FROM trials WHERE study_id = ? ORDER BY number').all(studyId) as StoredTrial[];
  } finally {
    db.close();
  }
}

function epochsOf(trialId: number): number[] {
  const db = new Database(app.db, { readonly: true });
  try {
    const rows = db.prepare("SELECT epoch FROM epoch_metrics WHERE trial_id = ? AND name = 'val_loss' ORDER BY epoch").all(trialId) as {
      epoch: number;
    }[];
    return rows.map((r) => r.epoch);
  } finally {
    db.close();
  }
}

/** Whether a process still exists (a zombie waiting for its parent counts as gone). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('tuneboard agent', () => {
  before(async () => {
    app = await startApp(dir, 1);
  });
  after(async () => {
    await app?.stop();
  });

  test('--gpus 0,1 runs two trials at a time, one per GPU, with the trial in the environment', async () => {
    const studyId = await createStudy({ name: 'agent-gpus', ...EXTERNAL, strategy: { type: 'random', trials: 4, seed: 3 } });
    const train = script('train.py', TRAIN);
    const run = startAgent(['--study', 'agent-gpus', '--gpus', '0,1', '--worker', 'box', '--', PYTHON, train]);
    assert.equal(await exitOf(run), 0, run.output());

    const trials = storedTrials(studyId);
    assert.equal(trials.length, 4, run.output());
    const starts = seen().filter((e) => e.event === 'start');
    const ends = seen().filter((e) => e.event === 'end');
    assert.equal(starts.length, 4);
    assert.equal(ends.length, 4, 'every program ran to its end: none was stopped after finishing its trial itself');
    for (const t of trials) {
      assert.equal(t.state, 'completed', `trial ${t.number}: ${t.error}`);
      assert.deepEqual(epochsOf(t.id), [0, 1, 2], 'epochs 1 to 3, stored from 0');
      const start = starts.find((s) => s.trial === t.id)!;
      assert.equal(start.env_id, String(t.id));
      assert.equal(start.number, t.number);
      assert.equal(typeof start.seed, 'number');
      assert.equal((start.params as { epochs: number }).epochs, 3);
      assert.equal(t.worker, `box:${start.cuda}`);
      // The stored log is the program's output, shown on the trial's page.
      assert.match(t.log ?? '', /epoch 3: loss 0\.333/);
      if (t.number % 2 === 0) {
        assert.deepEqual(JSON.parse(t.test_scores!), { kind: 'reported', values: { accuracy: 0.9 } });
        assert.match(t.log ?? '', /tidied up/);
      }
    }

    // Two at a time, never more, and two running at once never share a GPU.
    const intervals = starts.map((s) => ({
      cuda: s.cuda as string,
      from: s.time as number,
      to: ends.find((e) => e.trial === s.trial)!.time as number,
    }));
    assert.deepEqual(new Set(intervals.map((i) => i.cuda)), new Set(['0', '1']));
    let overlaps = 0;
    for (const [i, a] of intervals.entries())
      for (const b of intervals.slice(i + 1))
        if (a.from < b.to && b.from < a.to) {
          overlaps++;
          assert.notEqual(a.cuda, b.cuda, 'two trials at once on one GPU');
        }
    assert.ok(overlaps >= 1, 'the two slots ran trials at the same time');
    for (const a of intervals) assert.ok(intervals.filter((b) => b.from <= a.from && a.from < b.to).length <= 2, 'at most two at a time');

    assert.match(run.output(), /trial #\d \(id \d+\) started on slot [01] \(GPU [01]\)/);
    assert.match(run.output(), /has nothing left to run/);
  });

  test('a failing program fails its trial with the exit code and its last output lines', async () => {
    const studyId = await createStudy({ name: 'agent-fail', ...EXTERNAL, strategy: { type: 'random', trials: 1, seed: 1 } });
    const run = startAgent(['--study', String(studyId), '--slots', '1', '--', PYTHON, script('fail.py', FAIL)]);
    assert.equal(await exitOf(run), 0, run.output());
    const [trial] = storedTrials(studyId);
    assert.equal(trial.state, 'failed');
    assert.match(trial.error!, /^python3 exited with code 3; its last output:\n/);
    assert.match(trial.error!, /line 39\nValueError: boom \x1b\[2J$/);
    assert.doesNotMatch(trial.error!, /line 10\n/, 'only the last lines');
    assert.match(trial.log!, /^line 0\n[\s\S]*line 39\nValueError: boom/);
    assert.match(run.output(), /trial #0: failed: python3 exited with code 3/);
    // The agent's own lines escape control characters.
    assert.doesNotMatch(run.output(), /\x1b/);
  });

  test('Ctrl-C hands the trial back; cancel from the dashboard kills the program and what it started', async () => {
    const studyId = await createStudy({ name: 'agent-stop', ...EXTERNAL, strategy: { type: 'random', trials: 1, seed: 2 } });
    const stubborn = script('stubborn.py', STUBBORN);
    const stubbornOf = (trialId: number, after: number) =>
      seen()
        .slice(after)
        .find((e) => e.event === 'stubborn' && e.trial === trialId) as { pids: number[] } | undefined;

    // Ctrl-C: the program is stopped (SIGKILL after the 1 s grace, as it ignores SIGTERM) and the trial is queued again.
    let from = seen().length;
    const first = startAgent(['--study', 'agent-stop', '--grace', '1', '--', PYTHON, stubborn]);
    const trialId = await waitFor('a running trial', first, () => storedTrials(studyId).find((t) => t.state === 'running')?.id);
    const firstPids = (await waitFor('the program', first, () => stubbornOf(trialId, from))).pids;
    first.child.kill('SIGINT');
    assert.equal(await exitOf(first), 130, first.output());
    assert.ok(!firstPids.some(alive), 'the program and its child are gone');
    let [trial] = storedTrials(studyId);
    assert.equal(trial.state, 'queued', first.output());
    assert.equal(trial.attempt, 0, 'handing back is not an attempt');
    assert.match(first.output(), /trial #0: handed back/);

    // Again, and cancelled from the dashboard: the agent stops the program, and the study has nothing left to run.
    from = seen().length;
    const second = startAgent(['--study', 'agent-stop', '--grace', '1', '--', PYTHON, stubborn]);
    const pids = (await waitFor('the program', second, () => stubbornOf(trialId, from))).pids;
    const cancel = await fetch(`${app.url}/api/trials/${trialId}/control`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'cancel' }),
    });
    assert.equal(cancel.status, 200, await cancel.text());
    assert.equal(await exitOf(second), 0, second.output());
    assert.ok(!pids.some(alive), 'the program and its child are gone');
    [trial] = storedTrials(studyId);
    assert.equal(trial.state, 'cancelled');
    assert.match(trial.log ?? '', /running\nSIGTERM ignored/);
    assert.match(second.output(), /trial #0: cancelled/);
  });

  test('with no program, it trains a built-in study itself: two slots, models saved, as the runner would', async () => {
    const studyId = await createStudy({
      name: 'agent-trains',
      backend: 'browser',
      dataset: { source: 'penguins', limit: 120 },
      model: { family: 'mlp', task: 'classification' },
      space: { units: { type: 'choice', values: [4, 8, 16] } },
      fixed: { epochs: 3 },
      strategy: { type: 'grid' },
    });
    const run = startAgent(['--study', 'agent-trains', '--gpus', '0,1', '--worker', 'box']);
    assert.equal(await exitOf(run, 300_000), 0, run.output());
    const trials = storedTrials(studyId);
    assert.deepEqual(
      trials.map((t) => t.state),
      ['completed', 'completed', 'completed'],
      run.output(),
    );
    for (const t of trials) {
      assert.match(t.worker ?? '', /^box:[01]$/);
      assert.deepEqual(epochsOf(t.id), [0, 1, 2]);
      assert.equal(JSON.parse(t.test_scores!).kind, 'classification', 'scores computed as the runner computes them');
      assert.match(t.log ?? '', /epoch 3: /, 'train-trial output is the trial log');
    }
    assert.match(run.output(), /trial #\d+ \(id \d+\) started on slot 1 \(GPU 1\)/);
  });

  test('refusals: a study only runners train, a program for a built-in study, no program, bad options', async () => {
    const pinned = await createStudy({
      name: 'agent-builtin',
      dataset: { source: 'penguins' },
      model: { family: 'mlp', task: 'classification' },
      fixed: { epochs: 1 },
      strategy: { type: 'random', trials: 1, seed: 1 },
      backend: 'wasm',
    });
    let run = startAgent(['--study', String(pinned)]);
    assert.equal(await exitOf(run), 2);
    assert.match(run.output(), /^tuneboard: agent: study \d+ "agent-builtin" is trained by Tuneboard's runners only \(backend wasm\)/);

    run = startAgent(['--study', 'agent-trains', '--', PYTHON, '-c', 'pass']);
    assert.equal(await exitOf(run), 2);
    assert.match(run.output(), /the agent trains its trials itself with the engine; leave out -- and the program/);

    run = startAgent(['--study', 'agent-gpus']);
    assert.equal(await exitOf(run), 2);
    assert.match(run.output(), /give the program to run for each trial after --/);

    run = startAgent(['--study', 'no-such-study', '--', PYTHON]);
    assert.equal(await exitOf(run), 2);
    assert.match(run.output(), /no study "no-such-study" on http/);

    for (const [args, message] of [
      [['--study', 'x', '--gpus', '0', '--slots', '2', '--', 'true'], /give --gpus or --slots, not both/],
      [['--study', 'x', '--gpus', '0,0', '--', 'true'], /each GPU once/],
      [['--study', 'x', '--slots', '0', '--', 'true'], /--slots: must be an integer from 1 to 64/],
      [['--study', 'x', 'python3', 'train.py'], /put the program to run after --/],
      [['--study', 'x', '--grace', '1e9', '--', 'true'], /--grace: seconds from 0 to 3600/],
    ] as const) {
      run = startAgent([...args]);
      assert.equal(await exitOf(run), 2, run.output());
      assert.match(run.output(), message);
    }
  });
});
