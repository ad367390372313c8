import type { Strategy } from '../strategy.ts';

/** No search: the study's clients add trials with params of their own (POST /api/v1/studies/ID/trials). */
export function createManualStrategy(): Strategy {
  return { total: null, ask: () => null };
}
