import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { tempDir } from '../helpers/temp.ts';
import { startApp, type RunningApp } from '../e2e/app-server.ts';
import { launchBrowser, screenshot } from '../e2e/browser.ts';

const TOKEN = 'e2e-token-0123456789abcdef';
const bearer = { authorization: `Bearer ${TOKEN}` };
const json = { 'content-type': 'application/json' };

test('serve refuses a non-loopback host without TUNEBOARD_TOKEN, naming --host and the variable', () => {
  const result = spawnSync(
    process.execPath,
    ['bin/tuneboard.mjs', 'serve', '--host', '0.0.0.0', '--db', join(tempDir('tb-bind-'), 'x.db')],
    {
      encoding: 'utf8',
      env: { ...process.env, TUNEBOARD_TOKEN: '' },
      timeout: 60_000,
    },
  );
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /--host 0\.0\.0\.0: not a loopback address.*TUNEBOARD_TOKEN/);
});

/** The real app with a token, on loopback: every request presents the token, state changes are same-origin only. */
describe('the app with TUNEBOARD_TOKEN', () => {
  let app: RunningApp;
  let browser: Browser;
  let attacker: Server;
  let attackerUrl = '';
  const studyCount = async () => (await (await fetch(`${app.url}/api/studies`, { headers: bearer })).json()).length as number;
  before(async () => {
    app = await startApp(tempDir('tb-sec-'), 1, { token: TOKEN });
    browser = await launchBrowser();
    // Another site's page that posts to the app as soon as it loads, as a cross-site forgery would.
    attacker = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<form method="post" action="${app.url}/api/studies" enctype="text/plain"><input name='{"example":"penguins-random","x":"' value='"}'></form>
        <script>fetch('${app.url}/api/studies', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: '{"example":"penguins-random"}' })
          .finally(() => document.forms[0].submit());</script>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://localhost:${(attacker.address() as { port: number }).port}/`;
  });
  after(async () => {
    await browser?.close();
    attacker?.close();
    await app?.stop();
  });

  test('API: 401 JSON without the token or with a wrong one, 200 with Authorization: Bearer', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-wrong-wrong-wrong' },
      { authorization: `Basic ${TOKEN}` },
      { cookie: 'tuneboard_token=nope' },
    ];
    for (const headers of attempts) {
      const response = await fetch(`${app.url}/api/studies`, { headers });
      assert.equal(response.status, 401, JSON.stringify(headers));
      assert.match((await response.json()).error, /token required/);
    }
    assert.equal((await fetch(`${app.url}/api/studies?token=${TOKEN}`)).status, 401, 'the API takes no token from the URL');
    assert.equal((await fetch(`${app.url}/api/studies`, { headers: bearer })).status, 200);
    assert.equal((await fetch(`${app.url}/api/studies/1/trials?after=0`, { headers: bearer })).status, 404);
    const page = await fetch(`${app.url}/studies/new`);
    assert.equal(page.status, 401);
    assert.match(await page.text(), /Token required/);
  });

  test('a Host that is not a loopback name is refused even with the token (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${app.url}/api/studies`, { headers: { host: 'rebind.example:80', ...bearer } }, (res) =>
        resolve(res.statusCode!),
      );
      req.on('error', reject).end();
    });
    assert.equal(status, 403);
  });

  test('state changes: foreign Origin 403, cookie without Origin 403, Bearer or same Origin go through', async () => {
    const before = await studyCount();
    const body = JSON.stringify({ spec: { name: 'x' } });
    const post = (headers: Record<string, string>) =>
      fetch(`${app.url}/api/studies`, { method: 'POST', headers: { ...json, ...headers }, body });
    assert.equal((await post({ ...bearer, origin: 'http://evil.example' })).status, 403);
    assert.equal((await post({ ...bearer, origin: 'null' })).status, 403);
    assert.equal((await post({ ...bearer, 'sec-fetch-site': 'cross-site' })).status, 403);
    assert.equal((await post({ cookie: `tuneboard_token=${TOKEN}` })).status, 403);
    assert.equal(
      (await fetch(`${app.url}/api/studies/1`, { method: 'DELETE', headers: { cookie: `tuneboard_token=${TOKEN}` } })).status,
      403,
    );
    // Past the guard, the spec itself is judged (400 naming the field): the request was let through.
    assert.equal((await post(bearer)).status, 400);
    assert.equal((await post({ cookie: `tuneboard_token=${TOKEN}`, origin: app.url })).status, 400);
    assert.equal(await studyCount(), before);
  });

  test('paths: API specs read only uploads; upload names and route ids cannot leave their folders', async () => {
    const before = await studyCount();
    const spec = (csv: string) => ({ spec: { name: 'p', dataset: { csv, target: 'y' }, model: { family: 'mlp' }, fixed: { epochs: 1 } } });
    const create = (body: unknown) =>
      fetch(`${app.url}/api/studies`, { method: 'POST', headers: { ...json, ...bearer }, body: JSON.stringify(body) });
    const outside = join(tempDir('tb-outside-'), 'secret.csv');
    writeFileSync(outside, 'a,y\n1,0\n2,1\n3,0\n4,1\n5,0\n6,1\n7,0\n8,1\n9,0\n10,1\n');
    for (const csv of [
      outside,
      '../../../../../../etc/passwd',
      '/etc/passwd',
      '..%2f..%2fetc%2fpasswd',
      '..\\..\\secret.csv',
      'x\u0000.csv',
      'package.json',
    ]) {
      const response = await create(spec(csv));
      assert.equal(response.status, 400, csv);
      const { issues } = await response.json();
      assert.deepEqual(
        issues.map((i: { path: string }) => i.path),
        ['dataset.csv'],
        csv,
      );
      assert.match(issues[0].message, /only built-in data sets and files uploaded/);
    }
    const npy = {
      spec: {
        name: 'n',
        dataset: { npy: { train_images: '/etc/passwd', train_labels: '../x.npy' } },
        model: { family: 'cnn' },
        fixed: { epochs: 1 },
      },
    };
    const npyIssues = (await (await create(npy)).json()).issues.map((i: { path: string }) => i.path);
    assert.deepEqual(npyIssues, ['dataset.npy.train_images', 'dataset.npy.train_labels']);

    const uploaded = await fetch(`${app.url}/api/uploads`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'text/csv', 'x-filename': encodeURIComponent('../../../../tmp/evil\\..\\x.csv') },
      body: 'a,y\n1,0\n2,1\n3,0\n4,1\n5,0\n6,1\n7,0\n8,1\n9,0\n10,1\n',
    });
    assert.equal(uploaded.status, 201);
    const { path } = await uploaded.json();
    const uploads = join(dirname(app.db), 'uploads');
    assert.equal(dirname(path), uploads);
    assert.deepEqual(
      readdirSync(uploads).filter((n) => !n.endsWith('.tmp')),
      [path.split('/').pop()],
    );
    assert.equal(existsSync('/tmp/evil\\..\\x.csv'), false);
    assert.equal((await create(spec(path))).status, 201, 'an uploaded file is accepted');
    assert.equal(await studyCount(), before + 1);

    for (const route of [
      '/api/trials/..%2f..%2fetc%2fpasswd/model',
      '/api/studies/..%2f1/best-model',
      '/api/studies/1%00/export',
      '/api/trials/-1/model',
      '/api/trials/1.5/model',
    ])
      assert.equal((await fetch(`${app.url}${route}`, { headers: bearer })).status, 400, route);
    // The URL parser turns %2e%2e into .. and the path into /api/model, which is no route.
    assert.equal((await fetch(`${app.url}/api/trials/%2e%2e/model`, { headers: bearer })).status, 404);
    assert.equal((await fetch(`${app.url}/api/trials/99999/model`, { headers: bearer })).status, 404);
  });

  test('browser: the token page, the login URL (HttpOnly cookie, token gone from the address), a forged cross-site post refused', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    const page = await context.newPage();
    const first = await page.goto(`${app.url}/studies/new`);
    assert.equal(first!.status(), 401);
    await page.getByTestId('token-required').waitFor();
    await screenshot(page, 'security-01-token-required');
    // The page's own form: typing the token logs in and lands on the same page without it.
    await page.getByLabel('token').fill(TOKEN);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${app.url}/studies/new`);
    const [cookie] = await context.cookies(app.url);
    assert.deepEqual([cookie.name, cookie.httpOnly, cookie.sameSite], ['tuneboard_token', true, 'Strict']);

    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    await other.goto(`${app.url}/?token=${TOKEN}`);
    assert.equal(other.url(), `${app.url}/`);
    await other.getByTestId('studies').waitFor();
    // Logged in, a same-origin POST from the page (as the dashboard's buttons send) works.
    const before = await studyCount();
    const created = await other.evaluate(
      async () =>
        (
          await fetch('/api/studies', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ example: 'penguins-random' }),
          })
        ).status,
    );
    assert.equal(created, 201);
    assert.equal(await studyCount(), before + 1);
    await screenshot(other, 'security-02-logged-in');

    // A page on another origin posts (no-cors fetch, then a text/plain form) to the app: neither creates a study.
    await other.goto(attackerUrl);
    await other.waitForURL((url) => url.href.startsWith(app.url), { timeout: 15_000 });
    assert.match(await other.content(), /token required|cross-site request refused/);
    assert.equal(await studyCount(), before + 1);
    await fresh.close();
    await context.close();
  });
});
