import { notFound } from 'next/navigation';
import { serverDb } from '../../../db/server-db.ts';
import { withAbsoluteDataPaths } from './absolute-paths.ts';
import { duplicateDraft, newSpecDraft, type SpecDraft } from './spec-draft.ts';
import { StudyEditor } from './study-editor.tsx';
import type { UploadedCsv } from './upload-csv.ts';
import { uploadedCsvProfile } from './uploaded-csv-profile.ts';

export const dynamic = 'force-dynamic';

/** `/studies/new`, or `/studies/new?from=ID` to start from a copy of study ID's spec. */
export default async function NewStudyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const from = (await searchParams).from;
  let initial: SpecDraft = newSpecDraft();
  let upload: UploadedCsv | null = null;
  if (typeof from === 'string') {
    const study = /^\d{1,15}$/.test(from) ? await (await serverDb()).getStudy(Number(from)) : undefined;
    if (!study) notFound();
    initial = duplicateDraft(withAbsoluteDataPaths(study.spec as Record<string, unknown>, study.specDir));
    const csv = initial.dataset?.csv;
    if (typeof csv === 'string') upload = await uploadedCsvProfile(csv, `the CSV of study #${study.id}`);
  }
  return (
    <>
      <h1>{typeof from === 'string' ? `New study from #${from}` : 'New study'}</h1>
      <StudyEditor initial={initial} initialUpload={upload} />
    </>
  );
}
