/**
 * A link that downloads a trial's trained model as a zip (model, preprocessing, params, scores, README),
 * or the best trial's of a study. `saved` (hasTrialModel on the server) says whether there is one to download.
 */
export function ModelDownload({ trialId, studyId, saved }: { trialId?: number; studyId?: number; saved: boolean }) {
  if (!saved) return <span className="muted">No saved model</span>;
  const href = trialId !== undefined ? `/api/trials/${trialId}/model` : `/api/studies/${studyId}/best-model`;
  return (
    <a className="button" href={href} download>
      {trialId !== undefined ? 'Download model (.zip)' : 'Download best model (.zip)'}
    </a>
  );
}
