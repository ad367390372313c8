import { annotateRoute } from '../../../../annotate.ts';
import { readValidated } from '../../../../respond.ts';
import { annotationChangeBody } from '../../../schemas.ts';

export const dynamic = 'force-dynamic';

/** Changes a trial's note and tags, finished or not (see annotateRoute). */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return annotateRoute('trial', params, () => readValidated(request, annotationChangeBody));
}
