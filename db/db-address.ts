import { dirname, resolve } from 'node:path';

export const DEFAULT_DB_PATH = './data/tuneboard.db';

/** Whether a database address names a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(address: string): boolean {
  return /^postgres(ql)?:\/\//i.test(address);
}

/** A database address fit for a log or an error: a PostgreSQL URL's password hidden. */
export function redactPassword(address: string): string {
  return address.replace(/^(postgres(?:ql)?:\/\/[^:/@]+:)[^@]*@/i, '$1***@');
}

/**
 * Where files kept beside the database go (saved models, uploads): the SQLite file's folder; with PostgreSQL,
 * $TUNEBOARD_DATA_DIR, else ./data, on each machine.
 */
export function localDataDir(address: string): string {
  return isPostgresUrl(address) ? resolve(process.env.TUNEBOARD_DATA_DIR ?? 'data') : dirname(address);
}

/**
 * The database a command uses: --db, else TUNEBOARD_DB, else ./data/tuneboard.db. A postgres:// URL is returned
 * as it is; a SQLite path (`file:` prefixes allowed) made absolute.
 */
export function resolveDbPath(flag?: string): string {
  const raw = flag ?? process.env.TUNEBOARD_DB ?? DEFAULT_DB_PATH;
  if (isPostgresUrl(raw)) return raw;
  return resolve(raw.replace(/^file:(\/\/)?/, ''));
}
