import { type AnnotatedKind, type AnnotationChange, TooManyTags } from '../../db/annotations.ts';
import { serverAnnotations } from '../../db/server-db.ts';
import { errorResponse, HttpError, parseId } from './respond.ts';

/**
 * POST /api/v1/studies/:id/annotations and /api/v1/trials/:id/annotations: `{note?, add?, remove?}` (read by
 * `readChange`, in the route, where the OpenAPI test finds its schema) changes the note and tags and answers
 * `{note, tags}`; 404 for no such row, 400 naming the field for bad input or too many tags.
 */
export async function annotateRoute(
  kind: AnnotatedKind,
  params: Promise<{ id: string }>,
  readChange: () => Promise<AnnotationChange>,
): Promise<Response> {
  try {
    const id = parseId((await params).id);
    const change = await readChange();
    const result = await (await serverAnnotations()).annotate(kind, id, change).catch((error) => {
      if (error instanceof TooManyTags) throw new HttpError(400, error.message, [{ path: 'add', message: error.message }]);
      throw error;
    });
    if (!result) throw new HttpError(404, `no such ${kind}`);
    return Response.json(result);
  } catch (error) {
    return errorResponse(error);
  }
}
