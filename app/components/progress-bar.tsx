export function ProgressBar({ done, total }: { done: number; total: number | null }) {
  const pct = total ? Math.min(100, (100 * done) / total) : 0;
  return (
    <span className="progress-wrap">
      <span className="progress" role="progressbar" aria-valuenow={done} aria-valuemax={total ?? undefined}>
        <span style={{ width: `${pct}%` }} />
      </span>{' '}
      {done}/{total ?? '?'}
    </span>
  );
}
