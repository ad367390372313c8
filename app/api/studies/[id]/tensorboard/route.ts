import { zipSync } from 'fflate';
import { serverStore } from '../../../../../db/server-db.ts';
import { tensorboardFiles } from '../../../../../tuner/interop/tensorboard-export.ts';
import { errorResponse, HttpError, parseId } from '../../../respond.ts';

export const dynamic = 'force-dynamic';
type Context = { params: Promise<{ id: string }> };

/** The study as TensorBoard event files (see `tuneboard export tensorboard`), zipped in one folder: unzip, then `tensorboard --logdir`. */
export async function GET(_request: Request, { params }: Context) {
  try {
    const studyId = parseId((await params).id);
    const store = await serverStore();
    const study = await store.getStudy(studyId);
    if (!study) throw new HttpError(404, 'no such study');
    const folder = `${study.name.replace(/[^A-Za-z0-9._-]+/g, '-')}-tensorboard`;
    const files = await tensorboardFiles(store, study);
    const zip = zipSync({ [folder]: Object.fromEntries(files) });
    return new Response(new Blob([zip as Uint8Array<ArrayBuffer>]), {
      headers: {
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename="${folder}.zip"`,
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
