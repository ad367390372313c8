import type { SpecIssue } from '../../../spec/spec-error.ts';

export interface UploadedCsv {
  path: string;
  fileName: string;
  rows: number;
  columns: { name: string; type: 'numeric' | 'categorical'; missing: number; distinct: number }[];
  classBalance?: Record<string, Record<string, number>>;
}

/** Sends a CSV file to /api/uploads; rejects with the server's message (which names the line at fault). */
export async function uploadCsv(file: File): Promise<UploadedCsv> {
  const response = await fetch('/api/uploads', {
    method: 'POST',
    headers: { 'content-type': 'text/csv', 'x-filename': encodeURIComponent(file.name) },
    body: file,
  });
  const body = (await response.json().catch(() => ({ error: `upload failed (HTTP ${response.status})` }))) as Partial<UploadedCsv> & {
    error?: string;
    issues?: SpecIssue[];
  };
  if (!response.ok) throw new Error(body.error ?? `upload failed (HTTP ${response.status})`);
  return { ...(body as UploadedCsv), fileName: file.name };
}
