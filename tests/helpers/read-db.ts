import Database from 'better-sqlite3';

/** Reads a running server's SQLite database, read-only, each call on its own connection (the server keeps writing). */
export function readDb<T>(db: string, read: (sql: Database.Database) => T): T {
  const sql = new Database(db, { readonly: true, fileMustExist: true });
  try {
    sql.pragma('busy_timeout = 5000');
    return read(sql);
  } finally {
    sql.close();
  }
}
