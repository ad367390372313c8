import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

/** The Python client's own unittest suite (stdlib only; its example's test needs torch), run with Debian's python3. */
test('the Python client passes its unit tests', () => {
  const result = spawnSync('/usr/bin/python3', ['-m', 'unittest', 'discover', '-s', 'clients/python/tests'], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`.slice(-4000));
  assert.match(result.stderr, /^OK/m);
});
