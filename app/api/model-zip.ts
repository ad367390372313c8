import { exportFiles, exportName, zipExport } from '../../tuner/export-model.ts';
import { hasTrialModel, readTrialMeta, trialModelDir } from '../../tuner/model-store.ts';

/** A trial's saved model as a zip download (see tuneboard export), or null when none is saved. */
export async function modelZipResponse(modelsDir: string, studyUid: string, trialId: number): Promise<Response | null> {
  if (!hasTrialModel(modelsDir, studyUid, trialId)) return null;
  const meta = await readTrialMeta(modelsDir, studyUid, trialId);
  if (!meta) return null;
  const name = exportName(meta);
  const zip = zipExport(await exportFiles(trialModelDir(modelsDir, studyUid, trialId)), name);
  return new Response(new Blob([zip as Uint8Array<ArrayBuffer>]), {
    headers: {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="${name}.zip"`,
      'cache-control': 'no-store',
    },
  });
}
