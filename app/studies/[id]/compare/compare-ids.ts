export const MIN_COMPARED = 2;
export const MAX_COMPARED = 10;

/**
 * How a compare URL names trials: `numbers` by the trial numbers people see (`#11`), the form every link
 * uses; `trials` by internal id, the older form, still read and redirected to numbers.
 */
export type CompareKey = 'numbers' | 'trials';

export type CompareList = { ok: true; values: number[] } | { ok: false; message: string };

/**
 * Reads `?numbers=0,11,12` or `?trials=3,4` (or a repeated parameter): distinct values in the order given.
 * Says what is wrong when one is not a trial number (an integer from 0) or id (from 1), or there are fewer
 * than 2 or more than 10.
 */
export function parseCompareList(raw: string | string[] | undefined, key: CompareKey): CompareList {
  const parts = (Array.isArray(raw) ? raw : [raw ?? ''])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    // `#11`, as the pages show a number, reads as 11.
    .map((s) => (key === 'numbers' ? s.replace(/^#/, '') : s))
    .filter(Boolean);
  const least = key === 'numbers' ? 0 : 1;
  const invalid = parts.filter((s) => !/^\d+$/.test(s) || Number(s) < least || !Number.isSafeInteger(Number(s)));
  if (invalid.length)
    return { ok: false, message: `Not a trial ${key === 'numbers' ? 'number' : 'id'}: ${invalid.map((s) => `“${s}”`).join(', ')}.` };
  const values = [...new Set(parts.map(Number))];
  if (values.length < MIN_COMPARED)
    return {
      ok: false,
      message: `Choose at least ${MIN_COMPARED} trials to compare (${values.length === 0 ? 'none' : 'only one'} given).`,
    };
  if (values.length > MAX_COMPARED)
    return { ok: false, message: `Compare at most ${MAX_COMPARED} trials at a time (${values.length} given).` };
  return { ok: true, values };
}

/** The requested trials in request order, or the requested values that no trial of the study has. */
export function pickCompared<T extends { id: number; number: number }>(
  requested: number[],
  trials: T[],
  key: CompareKey,
): { ok: true; trials: T[] } | { ok: false; missing: number[] } {
  const byKey = new Map(trials.map((t) => [key === 'numbers' ? t.number : t.id, t]));
  const missing = requested.filter((v) => !byKey.has(v));
  return missing.length ? { ok: false, missing } : { ok: true, trials: requested.map((v) => byKey.get(v)!) };
}

/** The compare page for these trials, by number; ascending, so one selection always gives one URL. */
export function compareHref(studyId: number, numbers: number[]): string {
  return `/studies/${studyId}/compare?numbers=${[...numbers].sort((a, b) => a - b).join(',')}`;
}

/** The Compare button for a selection: its link, or why it is disabled. */
export function compareAction(studyId: number, selected: { number: number }[]): { href: string } | { disabled: string } {
  if (selected.length < MIN_COMPARED) return { disabled: `select ${MIN_COMPARED} to ${MAX_COMPARED} trials to compare` };
  if (selected.length > MAX_COMPARED) return { disabled: `compare at most ${MAX_COMPARED} trials at a time (${selected.length} selected)` };
  return {
    href: compareHref(
      studyId,
      selected.map((t) => t.number),
    ),
  };
}
