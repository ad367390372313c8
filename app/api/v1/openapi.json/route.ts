import { openApiDocument } from '../openapi.ts';

export const dynamic = 'force-static';

export function GET() {
  return Response.json(openApiDocument());
}
