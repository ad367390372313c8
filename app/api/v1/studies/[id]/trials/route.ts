import { externalTrials } from '../../../external.ts';
import { addTrial } from '../../../trial-handlers.ts';

export const dynamic = 'force-dynamic';

/** A trial with params of the client's own, in a study whose strategy is manual: 201 `{trial}`. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return addTrial(await externalTrials(), request, (await params).id);
}
