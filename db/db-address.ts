import { dirname, resolve } from 'node:path';

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
