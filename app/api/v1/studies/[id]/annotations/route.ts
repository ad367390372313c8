import { annotateRoute } from '../../../../annotate.ts';
import { readValidated } from '../../../../respond.ts';
import { annotationChangeBody } from '../../../schemas.ts';

export const dynamic = 'force-dynamic';

/** Changes a study's note and tags (see annotateRoute). */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return annotateRoute('study', params, () => readValidated(request, annotationChangeBody));
}
