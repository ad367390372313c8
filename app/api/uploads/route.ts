import { errorResponse } from '../respond.ts';
import { describeCsvUpload, uploadShownAs } from './describe-upload.ts';
import { readLimitedBody, storeUpload } from './store-upload.ts';

export const dynamic = 'force-dynamic';

/**
 * Accepts a CSV data set as the raw request body (file name in `x-filename`), checks it as a study would read
 * it and stores it; answers the stored path and a description of its columns, or 400 naming the line at fault.
 */
export async function POST(request: Request) {
  try {
    const bytes = await readLimitedBody(request);
    const summary = describeCsvUpload(bytes, uploadShownAs(request.headers.get('x-filename')));
    const path = await storeUpload(bytes);
    return Response.json({ path, ...summary }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
