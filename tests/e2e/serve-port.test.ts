import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp } from './app-server.ts';
import { tempDir } from '../helpers/temp.ts';

/** `PORT=N npm start` serves on N, as Next.js and most Node servers do (it used to start on 3000 regardless). */
test('serve listens on PORT when --port is not given', async () => {
  const app = await startApp(tempDir('tb-port-'), 1, { portFromEnv: true });
  try {
    const studies = await fetch(`${app.url}/api/studies`);
    assert.equal(studies.status, 200);
    assert.deepEqual(await studies.json(), []);
  } finally {
    await app.stop();
  }
});
