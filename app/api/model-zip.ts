import { exportFiles, exportName, zipExport } from '../../tuner/export-model.ts';
import { hasTrialModel, readTrialMeta, trialModelDir } from '../../tuner/model-store.ts';

/** A trial's saved model as a zip download (see tuneboard export), or null when none is saved. */
export async function modelZipResponse(modelsDir: string, studyId: number, trialId: number): Promise<Response | null> {
  if (!hasTrialModel(modelsDir, studyId, trialId)) return null;
  const meta = await readTrialMeta(modelsDir, studyId, trialId);
  if (!meta) return null;
  const name = exportName(meta);
  const zip = zipExport(await exportFiles(trialModelDir(modelsDir, studyId, trialId)), name);
  return new Response(new Blob([zip as Uint8Array<ArrayBuffer>]), {
    headers: {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="${name}.zip"`,
      'cache-control': 'no-store',
    },
  });
}
