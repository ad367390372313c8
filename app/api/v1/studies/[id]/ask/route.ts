import { externalTrials } from '../../../external.ts';
import { ask } from '../../../trial-handlers.ts';

export const dynamic = 'force-dynamic';

/** The next trial to train: `{trial, lease_s}`, `{trial: null, done: true}`, or `{trial: null, retry_after_s}` while the study waits. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return ask(await externalTrials(), request, (await params).id);
}
