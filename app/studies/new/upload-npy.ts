/** The four files of an npy data set, as named in the spec's `npy` object. */
export const NPY_ROLES = ['train_images', 'train_labels', 'test_images', 'test_labels'] as const;
export type NpyRole = (typeof NPY_ROLES)[number];

export interface UploadedNpy {
  path: string;
  fileName: string;
  dtype: string;
  shape: number[];
}

/** Sends a .npy file to /api/uploads; rejects with the server's message (which names the problem). */
export async function uploadNpy(file: File): Promise<UploadedNpy> {
  const response = await fetch('/api/uploads', {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', 'x-filename': encodeURIComponent(file.name) },
    body: file,
  });
  const body = (await response.json().catch(() => ({ error: `upload failed (HTTP ${response.status})` }))) as Partial<UploadedNpy> & {
    error?: string;
  };
  if (!response.ok) throw new Error(body.error ?? `upload failed (HTTP ${response.status})`);
  return { path: body.path!, dtype: body.dtype!, shape: body.shape!, fileName: file.name };
}

/** "(60000, 28, 28) <f4", as NumPy would print the shape. */
export function formatNpyShape({ dtype, shape }: { dtype: string; shape: readonly number[] }): string {
  return `(${shape.join(', ')}${shape.length === 1 ? ',' : ''}) ${dtype}`;
}

/** Warnings for image and label files whose first dimensions (example counts) differ. */
export function npyCountWarnings(uploads: Partial<Record<NpyRole, { shape: readonly number[] }>>): string[] {
  const warnings: string[] = [];
  for (const split of ['train', 'test'] as const) {
    const images = uploads[`${split}_images`]?.shape[0];
    const labels = uploads[`${split}_labels`]?.shape[0];
    if (images !== undefined && labels !== undefined && images !== labels) {
      warnings.push(`${split}_images has ${images} examples but ${split}_labels has ${labels}`);
    }
  }
  return warnings;
}
