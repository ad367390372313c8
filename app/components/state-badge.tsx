/** A trial or study state in its colour; the reason (failed, pruned) shows on hover. */
export function StateBadge({ state, reason }: { state: string; reason?: string | null }) {
  return (
    <span className={`state state-${state}`} title={reason ?? undefined}>
      {state}
    </span>
  );
}
