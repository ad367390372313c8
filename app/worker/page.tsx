import { BrowserWorker } from './browser-worker.tsx';

export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<{ study?: string; backend?: string }> };

/**
 * /worker: this browser tab becomes a worker for built-in studies, training their trials on the machine's GPU through
 * WebGPU (else WebGL) and reporting over the v1 API like any other client. The training code is the server's own
 * (workers/models, workers/training), imported by the client component: the one page of app/ that loads TF.js.
 */
export default async function WorkerPage({ searchParams }: Props) {
  const { study, backend } = await searchParams;
  const studyId = study && /^\d{1,15}$/.test(study) ? Number(study) : undefined;
  const pinned = backend === 'webgpu' || backend === 'webgl' || backend === 'cpu' ? backend : undefined;
  return (
    <>
      <h1>Lend this browser&apos;s GPU to Tuneboard</h1>
      <p className="muted">
        While this tab is open, it trains trials of built-in studies whose backend is <code>browser</code> or <code>auto</code>{' '}
        {studyId ? `(study ${studyId} only)` : ''} on this machine&apos;s GPU, and reports each epoch to the dashboard. Closing the tab
        hands its trial back: another worker takes it once its lease runs out.
      </p>
      <BrowserWorker studyId={studyId} backend={pinned} />
    </>
  );
}
