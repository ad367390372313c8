import { errorResponse, parseId } from '../../../../respond.ts';
import { builtinClients } from '../../../external.ts';

export const dynamic = 'force-dynamic';
type Context = { params: Promise<{ id: string }> };

/**
 * GET /api/v1/studies/{id}/data: a built-in study's prepared splits, float32, for clients that train it with the
 * engine (datasets/prepared-binary.ts). The same study always gives the same bytes, so its ETag lets a client cache them.
 */
export async function GET(request: Request, { params }: Context) {
  try {
    const { bytes, etag } = await (await builtinClients()).data(parseId((await params).id));
    const headers = { etag, 'cache-control': 'private, no-cache' };
    if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
    return new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { ...headers, 'content-type': 'application/octet-stream' } });
  } catch (error) {
    return errorResponse(error);
  }
}
