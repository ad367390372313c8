import { errorResponse } from '../respond.ts';
import { describeNpyUpload, isNpyUpload, MAX_NPY_UPLOAD_BYTES } from './describe-npy-upload.ts';
import { describeCsvUpload, uploadShownAs } from './describe-upload.ts';
import { readLimitedBody, storeUpload } from './store-upload.ts';

export const dynamic = 'force-dynamic';

/**
 * Accepts a data file as the raw request body (file name in `x-filename`), checks it as a study would read it and
 * stores it. A `.npy` name is read as a NumPy array (up to 200 MB) and answered `{path, kind: 'npy', dtype, shape}`;
 * anything else is a CSV (up to 20 MB) answered with its path and columns. A bad file is a 400 naming the problem,
 * an oversized one a 413.
 */
export async function POST(request: Request) {
  try {
    const shownAs = uploadShownAs(request.headers.get('x-filename'));
    if (isNpyUpload(shownAs)) {
      const bytes = await readLimitedBody(request, MAX_NPY_UPLOAD_BYTES);
      const summary = describeNpyUpload(bytes, shownAs);
      const path = await storeUpload(bytes, 'npy');
      return Response.json({ path, ...summary }, { status: 201 });
    }
    const bytes = await readLimitedBody(request);
    const summary = describeCsvUpload(bytes, shownAs);
    const path = await storeUpload(bytes);
    return Response.json({ path, ...summary }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
