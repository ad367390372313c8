import type { Lease, RequiredHold } from './trial-store.ts';

/** Whether a trial or study's current lease is the hold a write requires (see RequiredHold). */
export function isHeldAs(current: Lease | null, heldAs: RequiredHold): boolean {
  if (current === null || heldAs === null) return current === heldAs;
  return current.runner === heldAs.runner && (!('heartbeatAt' in heldAs) || current.heartbeatAt === heldAs.heartbeatAt);
}
