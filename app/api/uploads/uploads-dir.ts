import 'server-only';
import { dirname, join } from 'node:path';
import { resolveDbPath } from '../../../db/connection.ts';

/** Where uploaded data files live: `uploads/` beside the database. API-created studies may read only these. */
export function uploadsDir(): string {
  return join(dirname(resolveDbPath()), 'uploads');
}
