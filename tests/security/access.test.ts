import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideAccess, type AccessConfig, type AccessDecision } from '../../lib/security/access.ts';
import { bindProblem } from '../../lib/security/bind-check.ts';
import { crossSiteProblem, type CrossSiteInput } from '../../lib/security/cross-site.ts';
import { hostnameOfHostHeader, isLoopbackHostname } from '../../lib/security/loopback.ts';
import { decisionResponse } from '../../lib/security/responses.ts';
import { bearerToken, TOKEN_COOKIE, tokensEqual } from '../../lib/security/token.ts';

const TOKEN = 'correct-horse-battery-staple-42';
const HOST = '127.0.0.1:3000';

function request(method: string, pathAndQuery: string, headers: Record<string, string> = {}, cookies: Record<string, string> = {}) {
  const lower = Object.fromEntries(Object.entries({ host: HOST, ...headers }).map(([k, v]) => [k.toLowerCase(), v]));
  return { method, pathAndQuery, header: (name: string) => lower[name] ?? null, cookie: (name: string) => cookies[name] ?? null };
}
const open: AccessConfig = { token: null, loopback: true };
const guarded: AccessConfig = { token: TOKEN, loopback: true };
const lan: AccessConfig = { token: TOKEN, loopback: false };
const status = (d: AccessDecision) => (d.kind === 'deny' ? d.status : d.kind);

test('loopback names: localhost, 127/8, ::1, *.localhost; nothing else', () => {
  for (const name of [
    'localhost',
    'LOCALHOST',
    'localhost.',
    'app.localhost',
    '127.0.0.1',
    '127.1.2.3',
    '::1',
    '[::1]',
    '::ffff:127.0.0.1',
  ])
    assert.equal(isLoopbackHostname(name), true, name);
  for (const name of ['0.0.0.0', '::', '192.168.1.10', 'evil.example', 'localhost.evil.example', '127.0.0.1.nip.io', '10.0.0.1', ''])
    assert.equal(isLoopbackHostname(name), false, name);
  assert.equal(hostnameOfHostHeader('127.0.0.1:3000'), '127.0.0.1');
  assert.equal(hostnameOfHostHeader('[::1]:3000'), '[::1]');
  assert.equal(hostnameOfHostHeader('user@evil:1'), null);
  assert.equal(hostnameOfHostHeader('a b'), null);
});

test('serve: loopback needs no token, any other host does, and a set token must be long and printable', () => {
  assert.equal(bindProblem('127.0.0.1', undefined), null);
  assert.equal(bindProblem('localhost', ''), null);
  assert.match(bindProblem('0.0.0.0', undefined)!, /--host 0\.0\.0\.0: .*TUNEBOARD_TOKEN/);
  assert.match(bindProblem('192.168.1.5', '')!, /TUNEBOARD_TOKEN/);
  assert.equal(bindProblem('0.0.0.0', TOKEN), null);
  assert.match(bindProblem('0.0.0.0', 'short')!, /TUNEBOARD_TOKEN: must be at least 16/);
  assert.match(bindProblem('127.0.0.1', 'has a space in it, long')!, /TUNEBOARD_TOKEN: must be printable ASCII/);
});

test('tokens compare whole (any length), Bearer headers parse strictly', () => {
  assert.equal(tokensEqual(TOKEN, TOKEN), true);
  assert.equal(tokensEqual(`${TOKEN}x`, TOKEN), false);
  assert.equal(tokensEqual(TOKEN.slice(0, -1), TOKEN), false);
  assert.equal(tokensEqual('', TOKEN), false);
  assert.equal(bearerToken(`Bearer ${TOKEN}`), TOKEN);
  assert.equal(bearerToken(`bearer  ${TOKEN} `), TOKEN);
  assert.equal(bearerToken(`Basic ${TOKEN}`), null);
  assert.equal(bearerToken(`Bearer a b`), null);
  assert.equal(bearerToken(null), null);
});

test('loopback-bound: a Host that is not a loopback name is refused (DNS rebinding), with or without a token', () => {
  for (const config of [open, guarded]) {
    assert.equal(
      status(decideAccess(request('GET', '/api/studies', { host: 'evil.example:3000', authorization: `Bearer ${TOKEN}` }), config)),
      403,
    );
    assert.equal(status(decideAccess(request('GET', '/', { host: '' }), config)), 403);
  }
  assert.equal(status(decideAccess(request('GET', '/api/studies', { host: 'localhost:3000' }), open)), 'allow');
  // Bound elsewhere, the token is the guard: any Host name is served to a client that presents it.
  assert.equal(
    status(decideAccess(request('GET', '/api/studies', { host: 'tuner.lan:3000', authorization: `Bearer ${TOKEN}` }), lan)),
    'allow',
  );
});

test('with a token: API requests need Bearer or the cookie (401 JSON), pages need the cookie (401 page)', () => {
  const api = decideAccess(request('GET', '/api/studies'), guarded);
  assert.deepEqual(api.kind === 'deny' && [api.status, api.api], [401, true]);
  assert.equal(status(decideAccess(request('GET', '/api/studies', { authorization: 'Bearer wrong-token-wrong-token' }), guarded)), 401);
  assert.equal(status(decideAccess(request('GET', '/api/studies', { authorization: `Bearer ${TOKEN}` }), guarded)), 'allow');
  assert.equal(status(decideAccess(request('GET', '/api/studies', {}, { [TOKEN_COOKIE]: TOKEN }), guarded)), 'allow');
  const page = decideAccess(request('GET', '/studies/1'), guarded);
  assert.deepEqual(page.kind === 'deny' && [page.status, page.api], [401, false]);
  assert.equal(status(decideAccess(request('GET', '/studies/1', {}, { [TOKEN_COOKIE]: 'nope' }), guarded)), 401);
  assert.equal(status(decideAccess(request('GET', '/studies/1', {}, { [TOKEN_COOKIE]: TOKEN }), guarded)), 'allow');
  // The token is never taken from an API URL, where it would end up in logs.
  assert.equal(status(decideAccess(request('GET', `/api/studies?token=${TOKEN}`), guarded)), 401);
});

test('the login URL sets an HttpOnly SameSite=Strict cookie and redirects to the same address without the token', () => {
  const login = decideAccess(request('GET', `/studies/3?tab=curves&token=${encodeURIComponent(TOKEN)}`), guarded);
  assert.equal(login.kind, 'login');
  if (login.kind !== 'login') return;
  assert.equal(login.location, '/studies/3?tab=curves');
  assert.match(login.setCookie, new RegExp(`^${TOKEN_COOKIE}=${TOKEN}; Path=/; HttpOnly; SameSite=Strict$`));
  assert.equal(status(decideAccess(request('GET', '/?token=wrong-token-wrong-token'), guarded)), 401);
  const response = decisionResponse(login, 'http://127.0.0.1:3000/studies/3?tab=curves&token=x');
  assert.equal(response.status, 303);
  assert.equal(response.headers.get('location'), 'http://127.0.0.1:3000/studies/3?tab=curves');
  assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
});

test('refusals: JSON with a reason for the API and for 403s, a short HTML page for pages', async () => {
  const api = decisionResponse({ kind: 'deny', status: 401, reason: 'token required', api: true }, 'http://x/');
  assert.equal(api.headers.get('www-authenticate'), 'Bearer realm="tuneboard"');
  assert.deepEqual(await api.json(), { error: 'token required', issues: [] });
  const page = decisionResponse({ kind: 'deny', status: 401, reason: 'token <b>required', api: false }, 'http://x/');
  assert.match(page.headers.get('content-type')!, /text\/html/);
  const html = await page.text();
  assert.match(html, /Token &#60;b&#62;required: this Tuneboard server was started with <code>TUNEBOARD_TOKEN<\/code>/);
  assert.match(html, /<input type="password" name="token"/);
});

const post = (over: Partial<CrossSiteInput>): CrossSiteInput => ({
  method: 'POST',
  host: HOST,
  origin: null,
  secFetchSite: null,
  contentType: 'application/json',
  bearer: false,
  tokenRequired: false,
  ...over,
});

test('cross-site: reads pass; a state change needs our own Origin, or Sec-Fetch-Site same-origin', () => {
  for (const method of ['GET', 'HEAD', 'OPTIONS']) assert.equal(crossSiteProblem(post({ method, origin: 'https://evil.example' })), null);
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'PROPFIND']) {
    assert.match(
      crossSiteProblem(post({ method, origin: 'https://evil.example' }))!,
      /Origin https:\/\/evil\.example is not this server's/,
    );
    assert.equal(crossSiteProblem(post({ method, origin: `http://${HOST}` })), null);
  }
  assert.equal(
    crossSiteProblem(post({ origin: 'http://localhost:3000' })),
    "cross-site request refused: Origin http://localhost:3000 is not this server's",
  );
  assert.equal(crossSiteProblem(post({ origin: 'http://127.0.0.1:3001' }))?.startsWith('cross-site'), true);
  assert.equal(crossSiteProblem(post({ origin: 'null' }))?.startsWith('cross-site'), true);
  assert.equal(crossSiteProblem(post({ origin: 'http://example.com', host: 'example.com:80' })), null);
  // A cross-site Origin is refused even with the token: a page can make a browser send the cookie's owner's requests.
  assert.notEqual(crossSiteProblem(post({ origin: 'https://evil.example', bearer: true, tokenRequired: true })), null);
  assert.equal(crossSiteProblem(post({ secFetchSite: 'same-origin', contentType: 'text/plain' })), null);
  for (const site of ['cross-site', 'same-site', 'none'])
    assert.match(crossSiteProblem(post({ secFetchSite: site }))!, new RegExp(`Sec-Fetch-Site is ${site}`));
});

test('cross-site: without Origin, a token server wants the Bearer token; an open one a type no form can send', () => {
  assert.match(crossSiteProblem(post({ tokenRequired: true }))!, /Authorization: Bearer/);
  assert.equal(crossSiteProblem(post({ tokenRequired: true, bearer: true, contentType: 'text/plain' })), null);
  for (const type of ['application/json', 'application/json; charset=utf-8', 'text/csv', 'application/octet-stream'])
    assert.equal(crossSiteProblem(post({ contentType: type })), null, type);
  for (const type of [
    null,
    '',
    'text/plain',
    'text/plain;charset=UTF-8',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'Text/Plain',
  ])
    assert.match(crossSiteProblem(post({ contentType: type }))!, /Content-Type a cross-site form cannot/, String(type));
});

test('decideAccess: the cookie alone does not carry a state change without a same-origin Origin', () => {
  const cookie = { [TOKEN_COOKIE]: TOKEN };
  assert.equal(status(decideAccess(request('POST', '/api/studies', { 'content-type': 'application/json' }, cookie), guarded)), 403);
  assert.equal(
    status(
      decideAccess(request('POST', '/api/studies', { 'content-type': 'application/json', origin: `http://${HOST}` }, cookie), guarded),
    ),
    'allow',
  );
  assert.equal(
    status(decideAccess(request('POST', '/api/studies', { 'content-type': 'text/plain', authorization: `Bearer ${TOKEN}` }), guarded)),
    'allow',
  );
  assert.equal(status(decideAccess(request('DELETE', '/api/studies/1', { origin: 'http://evil.example' }), open)), 403);
  // Unauthenticated comes first: no token, no hint of what else would be refused.
  assert.equal(status(decideAccess(request('POST', '/api/studies', { origin: 'http://evil.example' }), guarded)), 401);
});
