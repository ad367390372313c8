import { externalTrials } from '../../../external.ts';
import { reportEpoch } from '../../../trial-handlers.ts';

export const dynamic = 'force-dynamic';

/** One epoch's metrics (epochs from 1): `{action: continue | prune | stop, reason}`; a resend gets the same answer. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return reportEpoch(await externalTrials(), request, (await params).id);
}
