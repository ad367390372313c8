import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after } from 'node:test';
import pg from 'pg';

let server: Promise<string | undefined> | undefined;
const created: string[] = [];

/**
 * The PostgreSQL server tests use: $TUNEBOARD_TEST_PG_URL, else one started by scripts/start-postgres.sh.
 * Undefined (with a loud message) only outside CI when no server can start; in CI that is a failure.
 */
export function testPostgresUrl(): Promise<string | undefined> {
  server ??= (async () => {
    after(() => dropCreated());
    if (process.env.TUNEBOARD_TEST_PG_URL) return process.env.TUNEBOARD_TEST_PG_URL;
    try {
      return execFileSync('scripts/start-postgres.sh', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
        .trim()
        .split('\n')
        .pop();
    } catch (error) {
      const why = `no PostgreSQL server for tests (set TUNEBOARD_TEST_PG_URL or apt-get install postgresql): ${(error as { stderr?: string }).stderr || (error as Error).message}`;
      if (process.env.CI) throw new Error(why);
      console.error(`\n!!! SKIPPING PostgreSQL tests: ${why}\n`);
      return undefined;
    }
  })();
  return server;
}

async function dropCreated(): Promise<void> {
  const base = await server;
  if (!base || !created.length) return;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  for (const name of created.splice(0)) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.end();
}

/** A new empty database on the test server (call testPostgresUrl first), dropped when the test file ends; its URL. */
export async function freshPostgresDatabase(baseUrl: string): Promise<string> {
  const name = `tb_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  created.push(name);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
