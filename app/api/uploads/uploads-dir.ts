import 'server-only';
import { join } from 'node:path';
import { resolveDbPath } from '../../../db/db-address.ts';
import { localDataDir } from '../../../db/db-address.ts';

/** Where uploaded data files live: `uploads/` beside the database (see localDataDir). API-created studies may read only these. */
export function uploadsDir(): string {
  return join(localDataDir(resolveDbPath()), 'uploads');
}
