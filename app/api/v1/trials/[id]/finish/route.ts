import { externalTrials } from '../../../external.ts';
import { finish } from '../../../trial-handlers.ts';

export const dynamic = 'force-dynamic';

/** Ends the trial: completed (with test scores) or failed (with the error). Idempotent with the same body. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return finish(await externalTrials(), request, (await params).id);
}
