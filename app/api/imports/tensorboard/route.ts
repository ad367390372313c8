import { basename } from 'node:path';
import { serverImportedFiles, serverStore } from '../../../../db/server-db.ts';
import { fromZodIssues } from '../../../../spec/spec-error.ts';
import { importTensorboardPass } from '../../../../tuner/interop/tensorboard-import.ts';
import { errorResponse, HttpError, readJson } from '../../respond.ts';
import { confinedLogdir, importRoot, tensorboardImportSchema } from '../import-root.ts';

export const dynamic = 'force-dynamic';

/**
 * Imports a TensorBoard log folder on the server (inside $TUNEBOARD_IMPORT_ROOT) as `tuneboard import tensorboard`
 * does, once: `{path, study?}` → `{study: {id, name}, trialsCreated, epochsLogged, problems}`.
 */
export async function POST(request: Request) {
  try {
    const parsed = tensorboardImportSchema.safeParse(await readJson(request));
    if (!parsed.success) {
      const issues = fromZodIssues(parsed.error.issues);
      throw new HttpError(400, issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
    }
    const root = importRoot();
    const logdir = confinedLogdir(parsed.data.path, root);
    const [store, importedFiles] = await Promise.all([serverStore(), serverImportedFiles()]);
    const study = parsed.data.study ?? basename(logdir);
    const report = await importTensorboardPass(store, importedFiles, { logdir, study, final: true, within: root });
    if (report.study === null || report.eventFiles === 0)
      throw new HttpError(400, `path: no event files (events.out.tfevents.*) under ${logdir}`, [
        { path: 'path', message: 'no event files' },
      ]);
    return Response.json(
      {
        study: { id: report.study.id, name: report.study.name },
        trialsCreated: report.trialsCreated,
        epochsLogged: report.epochsLogged,
        problems: report.problems,
      },
      { status: 201 },
    );
  } catch (error) {
    return errorResponse(error);
  }
}
