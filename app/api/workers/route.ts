import { connectedClientWorkers } from '../v1/client-workers.ts';

export const dynamic = 'force-dynamic';

/** GET /api/workers: the browser workers and agents connected now, for the editor's warning on backend "browser". */
export function GET() {
  return Response.json({ clients: connectedClientWorkers() });
}
