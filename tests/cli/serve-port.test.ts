import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tempDir } from '../helpers/temp.ts';

const db = join(tempDir('tb-port-'), 'port.db');

/**
 * `serve` takes its port from --port, else PORT (as Next.js does), else 3000; a bad value is refused by name. A serve
 * that ignored PORT would start and run on: the timeout turns that into a failure instead of a hang.
 */
function serve(port: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/tuneboard.mjs', 'serve', '--db', db, ...args], {
    encoding: 'utf8',
    env: { ...process.env, PORT: port },
    timeout: 60_000,
  });
  return { code: result.status, stderr: result.stderr };
}

describe('serve and PORT', () => {
  test('a bad PORT is refused, naming PORT', () => {
    for (const port of ['abc', '0', '70000', '80.5']) {
      const { code, stderr } = serve(port);
      assert.equal(code, 2, stderr);
      assert.equal(stderr.trim(), `tuneboard: PORT: must be a port number from 1 to 65535, got "${port}"`);
    }
  });

  test('--port wins over PORT', () => {
    const { code, stderr } = serve('abc', '--port', 'x');
    assert.equal(code, 2);
    assert.match(stderr, /^tuneboard: --port: must be a port number/);
  });
});
