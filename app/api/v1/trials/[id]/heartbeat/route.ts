import { externalTrials } from '../../../external.ts';
import { heartbeat } from '../../../trial-handlers.ts';

export const dynamic = 'force-dynamic';

/** Keeps the trial's lease while no epoch comes (long epochs); answers `{action, reason}` as an epoch does. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return heartbeat(await externalTrials(), request, (await params).id);
}
