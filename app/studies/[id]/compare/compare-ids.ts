export const MIN_COMPARED = 2;
export const MAX_COMPARED = 10;

export type CompareIds = { ok: true; ids: number[] } | { ok: false; message: string };

/**
 * Reads `?trials=1,2,3` (or a repeated `trials` parameter): trial ids, distinct, in the order given.
 * Says what is wrong when an id is not a positive integer or there are fewer than 2 or more than 10.
 */
export function parseCompareIds(raw: string | string[] | undefined): CompareIds {
  const parts = (Array.isArray(raw) ? raw : [raw ?? ''])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  const invalid = parts.filter((s) => !/^\d+$/.test(s) || Number(s) < 1 || !Number.isSafeInteger(Number(s)));
  if (invalid.length) return { ok: false, message: `Not a trial id: ${invalid.map((s) => `“${s}”`).join(', ')}.` };
  const ids = [...new Set(parts.map(Number))];
  if (ids.length < MIN_COMPARED)
    return { ok: false, message: `Choose at least ${MIN_COMPARED} trials to compare (${ids.length === 0 ? 'none' : 'only one'} given).` };
  if (ids.length > MAX_COMPARED) return { ok: false, message: `Compare at most ${MAX_COMPARED} trials at a time (${ids.length} given).` };
  return { ok: true, ids };
}

/** The requested ids that are not among the study's trials that were found, in request order. */
export function missingIds(requested: number[], found: { id: number }[]): number[] {
  const present = new Set(found.map((t) => t.id));
  return requested.filter((id) => !present.has(id));
}
