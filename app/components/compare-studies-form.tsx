'use client';
import { useEffect, useState } from 'react';
import { MAX_STUDIES, MIN_STUDIES } from '../compare/compare-request.ts';

export const COMPARE_FORM = 'compare-studies';

/**
 * The studies list's Compare button: a GET form to /compare whose checkboxes sit in the table's rows (`form=` ties
 * them to it). It counts the ticked studies and says why it is disabled; the page refuses what it cannot compare.
 */
export function CompareStudiesForm() {
  const [ticked, setTicked] = useState(0);
  useEffect(() => {
    const count = () => setTicked(document.querySelectorAll(`input[form="${COMPARE_FORM}"]:checked`).length);
    count();
    document.addEventListener('change', count);
    return () => document.removeEventListener('change', count);
  }, []);
  const why =
    ticked < MIN_STUDIES ? `tick ${MIN_STUDIES} to ${MAX_STUDIES} studies` : ticked > MAX_STUDIES ? `at most ${MAX_STUDIES} at a time` : '';
  return (
    <form id={COMPARE_FORM} action="/compare" method="get" className="compare-studies">
      <button type="submit" disabled={Boolean(why)} data-testid="compare-studies" title={why || undefined}>
        Compare{ticked >= MIN_STUDIES ? ` ${ticked} studies` : ''}
      </button>{' '}
      {why && <span className="muted">{why} to compare them</span>}
    </form>
  );
}
