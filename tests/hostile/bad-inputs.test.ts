import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { main } from '../../cli/main.ts';
import { startApp, type RunningApp } from '../e2e/app-server.ts';
import { tempDir } from '../helpers/temp.ts';
import { generateBadInput } from './generate-bad-inputs.ts';

/**
 * Every bad input of tests/fixtures/bad/cases.json goes in where a user would put it: `tuneboard run` (in-process)
 * and the real app over HTTP, against a database holding one real completed study. Each must be refused with its
 * expected status and a message naming the field, file or line, and leave the database and the uploads as they were.
 * Needs a built dashboard; run under the build lock: `flock /tmp/next-build.lock npm test -- tests/hostile`.
 */

const BAD = resolve('tests/fixtures/bad');

interface Check {
  via: 'cli-run' | 'api-studies' | 'api-upload' | 'api-request';
  status?: number;
  error: string;
}

interface BadCase {
  id: string;
  kind: 'spec' | 'csv' | 'npy' | 'api';
  what: string;
  file?: string;
  generated?: string;
  /** A path given to `tuneboard run` that is not a spec file at all (a folder, a device). */
  cliPath?: string;
  target?: string;
  task?: string;
  dataset?: Record<string, unknown>;
  npy?: Record<string, string>;
  request?: ApiRequest;
  checks: Check[];
}

interface ApiRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  bodyText?: string;
  bodyBase64?: string;
  chunked?: boolean;
  /** 'token': the second server, on the same database, started with TUNEBOARD_TOKEN. */
  server?: 'token';
}

const { cases } = JSON.parse(readFileSync(join(BAD, 'cases.json'), 'utf8')) as { cases: BadCase[] };

function inputBytes(c: BadCase): Uint8Array {
  return c.generated ? generateBadInput(c.generated) : readFileSync(join(BAD, c.file!));
}

/** The file as a user would name it: its own name, or the generated case's name with the kind's extension. */
function fileName(c: BadCase): string {
  return c.file ? basename(c.file) : `${c.generated}.${c.kind === 'spec' ? 'json' : c.kind}`;
}

/**
 * A study spec whose data set is the case's CSV or NPY files: for the CLI by absolute path, for the API by name in
 * the uploads folder (the only files the API reads).
 */
function dataSpec(c: BadCase, csvPath: string, forApi: boolean): object {
  const where = (path: string) => (forApi ? basename(path) : path);
  const dataset =
    c.kind === 'csv'
      ? { csv: where(csvPath), target: c.target, ...c.dataset }
      : { npy: Object.fromEntries(Object.entries(c.npy!).map(([key, path]) => [key, where(join(BAD, path))])) };
  return { name: `bad-${c.id}`, dataset, model: { family: 'mlp', task: c.task ?? 'classification' }, fixed: { epochs: 1 } };
}

/** Runs the CLI in this process, as `tuneboard ...args`, collecting what it writes. */
async function runCli(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const { error, log } = console;
  const write = process.stderr.write;
  console.error = (...parts: unknown[]) => void (stderr += `${parts.join(' ')}\n`);
  console.log = () => {};
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  try {
    return { code: await main(args), stderr };
  } finally {
    Object.assign(console, { error, log });
    process.stderr.write = write;
  }
}

const SEED_SPEC = {
  // A formula as the name: the CSV export and its file name must not pass it on.
  name: "=cmd|' /C calc'!A0",
  dataset: { source: 'penguins', limit: 80 },
  model: { family: 'mlp', task: 'classification' },
  space: { units: { type: 'choice', values: [4, 8] } },
  fixed: { epochs: 2 },
  workers: 1,
  // Pinned to the runners' engine: the API cases check that clients cannot touch its trials.
  backend: 'wasm',
};

/** The external study the v1 API cases act on ({ext_study}, {ext_trial}, {ext_done}); no lease runs out during the test. */
const EXTERNAL_SPEC = {
  name: 'bad-external',
  model: { family: 'external' },
  space: { lr: { type: 'float', min: 0.001, max: 0.1, log: true } },
  fixed: { epochs: 10 },
  strategy: { type: 'random', trials: 5, seed: 1 },
  objective: { metric: 'val_loss', direction: 'minimize' },
  lease_s: 86400,
};
const TOKEN = 'token-0123456789abcdef-right';

describe('bad inputs are refused, by name, and change nothing', () => {
  const dir = tempDir('tb-bad-');
  const scratch = tempDir('tb-bad-specs-');
  const db = join(dir, 'e2e.db');
  let app: RunningApp;
  let tokenApp: RunningApp;
  let study: number;
  let trial: number;
  const external = { study: 0, trial: 0, done: 0 };

  const counts = () => {
    const sqlite = new Database(db, { readonly: true });
    try {
      const count = (table: string) => (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      const uploads = join(dir, 'uploads');
      return {
        studies: count('studies'),
        trials: count('trials'),
        epoch_metrics: count('epoch_metrics'),
        trial_metric_summaries: count('trial_metric_summaries'),
        uploads: existsSync(uploads) ? readdirSync(uploads).length : 0,
      };
    } finally {
      sqlite.close();
    }
  };

  before(async () => {
    // Files the upload route accepts (one class, a bad target) are refused only when a study names them; files it
    // refuses are put there too, to show that creating a study checks them again rather than trusting the folder.
    mkdirSync(join(dir, 'uploads'));
    for (const c of cases.filter((x) => x.checks.some((check) => check.via === 'api-studies') && (x.kind === 'csv' || x.kind === 'npy'))) {
      writeFileSync(join(dir, 'uploads', fileName(c)), inputBytes(c));
      for (const path of Object.values(c.npy ?? {})) copyFileSync(join(BAD, path), join(dir, 'uploads', basename(path)));
    }
    const seed = join(scratch, 'seed.json');
    writeFileSync(seed, JSON.stringify(SEED_SPEC));
    const seeded = await runCli(['run', seed, '--db', db, '--json']);
    assert.equal(seeded.code, 0, seeded.stderr);
    app = await startApp(dir, 1);
    study = (await (await fetch(`${app.url}/api/studies`)).json())[0].id;
    trial = (await (await fetch(`${app.url}/api/studies/${study}/trials`)).json()).rows[0].id;
    // An external study: one trial running with epochs 1 and 2, one finished completed with its test scores.
    const v1 = async (path: string, body: unknown) => {
      const response = await fetch(`${app.url}/api/v1/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.ok(response.ok, `${path}: ${await response.clone().text()}`);
      return response.json();
    };
    external.study = (await v1('studies', { spec: EXTERNAL_SPEC })).id;
    external.trial = (await v1(`studies/${external.study}/ask`, { worker: 'seed:0' })).trial.id;
    external.done = (await v1(`studies/${external.study}/ask`, { worker: 'seed:1' })).trial.id;
    for (const epoch of [1, 2]) await v1(`trials/${external.trial}/epochs`, { epoch, metrics: { loss: 1 / epoch, val_loss: 2 / epoch } });
    await v1(`trials/${external.done}/epochs`, { epoch: 1, metrics: { val_loss: 0.5 } });
    await v1(`trials/${external.done}/finish`, { state: 'completed', test_scores: { accuracy: 0.9 } });
    tokenApp = await startApp(dir, 1, { token: TOKEN });
  });
  after(async () => {
    await tokenApp?.stop();
    await app?.stop();
  });

  async function request(r: ApiRequest, body?: Uint8Array): Promise<Response> {
    const path = r.path
      .replace('{study}', String(study))
      .replace('{trial}', String(trial))
      .replace('{ext_study}', String(external.study))
      .replace('{ext_trial}', String(external.trial))
      .replace('{ext_done}', String(external.done));
    const url = `${(r.server === 'token' ? tokenApp : app).url}${path}`;
    const json = !r.headers && (body !== undefined || r.body !== undefined);
    const headers: Record<string, string> = { origin: app.url, ...(json && { 'content-type': 'application/json' }), ...r.headers };
    let payload: BodyInit | undefined;
    if (body) payload = r.chunked ? new Blob([Buffer.from(body)]).stream() : Buffer.from(body);
    else if (r.body !== undefined) payload = JSON.stringify(r.body);
    else if (r.bodyText !== undefined) payload = r.bodyText;
    else if (r.bodyBase64 !== undefined) payload = Buffer.from(r.bodyBase64, 'base64');
    return fetch(url, { method: r.method, headers, body: payload, ...(r.chunked && { duplex: 'half' }) } as RequestInit);
  }

  /** The response must be the expected 4xx with a JSON error that holds the fragment and no stack trace. */
  async function expectRefused(response: Response, check: Check): Promise<void> {
    const text = await response.text();
    assert.ok(response.status < 500, `a ${response.status}: ${text.slice(0, 500)}`);
    assert.equal(response.status, check.status, text.slice(0, 500));
    const { error } = JSON.parse(text) as { error: string };
    assert.ok(error.includes(check.error), `"${error.slice(0, 500)}" does not contain "${check.error}"`);
    assert.doesNotMatch(text, /\n\s+at |node_modules|\.ts:\d+/, 'a stack trace or source path in the response');
  }

  /** Writes a scratch file (a generated input, or a spec made for a data file) and returns its path. */
  function scratchFile(name: string, content: string | Uint8Array): string {
    const path = join(scratch, name);
    writeFileSync(path, content);
    return path;
  }

  /** The case's data file, by absolute path. */
  const dataPath = (c: BadCase, bytes: Uint8Array) => (c.file ? join(BAD, c.file) : scratchFile(fileName(c), bytes));

  async function runCheck(c: BadCase, check: Check): Promise<void> {
    const bytes = c.kind === 'api' || c.cliPath ? new Uint8Array() : inputBytes(c);
    const specText = (forApi: boolean) =>
      c.kind === 'spec' ? Buffer.from(bytes).toString('utf8') : JSON.stringify(dataSpec(c, dataPath(c, bytes), forApi));
    if (check.via === 'cli-run') {
      // A committed spec is run from its own folder, so relative data paths in it resolve as for a user.
      const specPath = c.cliPath
        ? resolve(BAD, c.cliPath)
        : c.kind === 'spec' && c.file
          ? join(BAD, c.file)
          : scratchFile(`${c.id.replace('/', '-')}.json`, specText(false));
      const run = await runCli(['run', specPath, '--db', db]);
      assert.equal(run.code, 2, run.stderr);
      assert.ok(run.stderr.includes(check.error), `stderr "${run.stderr.slice(0, 500)}" does not contain "${check.error}"`);
      return;
    }
    if (check.via === 'api-studies') {
      // The spec's bytes go in as they are, so that a file that is not JSON, or not UTF-8, reaches the server unchanged.
      const spec = c.kind === 'spec' ? bytes : new TextEncoder().encode(specText(true));
      const body = Buffer.concat([Buffer.from('{"spec": '), spec, Buffer.from('}')]);
      return expectRefused(await request({ method: 'POST', path: '/api/studies' }, body), check);
    }
    if (check.via === 'api-upload') {
      const headers = { 'content-type': 'application/octet-stream', 'x-filename': fileName(c) };
      return expectRefused(await request({ method: 'POST', path: '/api/uploads', headers }, bytes), check);
    }
    const described = c.file ? (JSON.parse(readFileSync(join(BAD, c.file), 'utf8')) as ApiRequest) : c.request!;
    return expectRefused(await request(described, c.generated ? generateBadInput(c.generated) : undefined), check);
  }

  test('the corpus holds at least 60 committed bad files of every kind', () => {
    const files = cases.filter((c) => c.file);
    assert.ok(files.length >= 60, `${files.length} files`);
    for (const kind of ['spec', 'csv', 'npy', 'api'])
      assert.ok(
        files.some((c) => c.kind === kind),
        kind,
      );
    for (const c of files) assert.ok(existsSync(join(BAD, c.file!)), c.file);
    assert.equal(new Set(cases.map((c) => c.id)).size, cases.length, 'case ids are unique');
  });

  for (const kind of ['spec', 'csv', 'npy', 'api'] as const) {
    test(`${kind}: every case is refused with its message, and the database and uploads are unchanged`, async () => {
      const failures: string[] = [];
      for (const c of cases.filter((x) => x.kind === kind)) {
        for (const check of c.checks) {
          const before = counts();
          try {
            await runCheck(c, check);
            assert.deepEqual(counts(), before, 'the database or the uploads changed');
          } catch (error) {
            failures.push(`${c.id} via ${check.via} (${c.what}): ${(error as Error).message.split('\n')[0]}`);
          }
        }
      }
      assert.deepEqual(failures, []);
    });
  }

  test('the seeded study is intact: completed, with its trials and epochs', async () => {
    const got = await (await fetch(`${app.url}/api/studies/${study}`)).json();
    assert.equal(got.state, 'completed');
    const rows = (await (await fetch(`${app.url}/api/studies/${study}/trials`)).json()).rows;
    assert.equal(rows.length, 2);
    assert.ok(rows.every((r: { state: string; epochsRun: number }) => r.state === 'completed' && r.epochsRun === 2));
  });

  test('the seeded external study is intact: its running trial at epoch 2, its finished trial as it was', async () => {
    const sqlite = new Database(db, { readonly: true });
    try {
      const row = (id: number) => sqlite.prepare('SELECT state, epochs_run, test_scores FROM trials WHERE id = ?').get(id);
      assert.deepEqual(row(external.trial), { state: 'running', epochs_run: 2, test_scores: null });
      assert.deepEqual(row(external.done), {
        state: 'completed',
        epochs_run: 1,
        test_scores: JSON.stringify({ kind: 'reported', values: { accuracy: 0.9 } }),
      });
    } finally {
      sqlite.close();
    }
  });

  test('the CSV export neutralises formulas in text cells and in the file name', async () => {
    const response = await request({
      method: 'POST',
      path: `/api/studies/${study}/export`,
      body: { columns: ['id', 'state', "metric:=cmd|' /C calc'!A0:last"] },
    });
    assert.equal(response.status, 200);
    assert.doesNotMatch(response.headers.get('content-disposition')!, /filename="[=+\-@]/);
    const cells = (await response.text())
      .split('\r\n')
      .filter(Boolean)
      .flatMap((line) => line.split(','));
    assert.ok(cells.includes("'=cmd|' /C calc'!A0_last"), cells.join(' '));
    for (const cell of cells) assert.doesNotMatch(cell.replace(/^"/, ''), /^[=+@\t\r]|^-(?!\d)/, `a cell a spreadsheet would run: ${cell}`);
  });
});
