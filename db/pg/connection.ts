import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { checkPgTables, PG_TABLES_QUERY } from '../foreign-database.ts';
import * as schema from './schema.ts';

export type PgTuneboardDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

/** Any key for pg_advisory_lock that is Tuneboard's: taken while migrating, so runners starting together migrate once. */
const MIGRATE_LOCK = 0x7475_6e65;

/** Beside this module when run from source; from the project root when bundled into the dashboard's server. */
function migrationsFolder(): string {
  const beside = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
  return existsSync(beside) ? beside : join(/* turbopackIgnore: true */ process.cwd(), 'db', 'pg', 'migrations');
}

/**
 * Opens a pool to `url` and brings the schema up to date (drizzle-kit's migrations in db/pg/migrations); a
 * database holding another program's tables is refused first (ForeignDatabaseError), untouched.
 */
export async function openPgDatabase(url: string, poolSize = 10): Promise<PgTuneboardDb> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const db = drizzle({ client: pool, schema });
  try {
    const client = await pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK]);
      checkPgTables(
        url,
        (await client.query<{ name: string }>(PG_TABLES_QUERY)).rows.map((r) => r.name),
      );
      await migrate(drizzle({ client, schema }) as unknown as NodePgDatabase<typeof schema>, { migrationsFolder: migrationsFolder() });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATE_LOCK]).catch(() => undefined);
      client.release();
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  return db;
}
