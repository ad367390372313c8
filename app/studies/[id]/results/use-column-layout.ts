import { useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { listParam, parseListParam } from '../../../view-url/view-codecs.ts';
import { writeQueryParams } from '../../../view-url/use-query-param.ts';
import type { ResultColumn } from './columns.ts';
import {
  layoutStorageKey,
  parseSavedLayout,
  resolveLayout,
  visibleColumnIds,
  withShownColumns,
  type ColumnLayout,
} from './column-layout.ts';

/** The query parameter naming the columns shown, so a shared link shows the same columns. */
export const COLUMNS_PARAM = 'columns';

/**
 * The column layout in force for a study and a way to change it; every change is remembered in the browser's
 * localStorage under the study's key. A change returning null forgets the layout (back to the defaults).
 * The first render uses the defaults, as the server did, and the saved layout follows once mounted.
 */
export function useColumnLayout(
  studyId: number,
  columns: ResultColumn[],
): [ColumnLayout, (change: (layout: ColumnLayout) => ColumnLayout | null) => void] {
  const key = layoutStorageKey(studyId);
  const [saved, setSaved] = useState<ColumnLayout | null>(null);
  useEffect(() => setSaved(parseSavedLayout(readStorage(key))), [key]);
  // The link's column choice wins over this browser's saved one.
  const shownParam = useSearchParams().get(COLUMNS_PARAM);
  const layout = useMemo(
    () => withShownColumns(resolveLayout(columns, saved), shownParam === null ? null : parseListParam(shownParam)),
    [columns, saved, shownParam],
  );
  const current = useRef(layout);
  current.current = layout;
  const change = useCallback(
    (f: (layout: ColumnLayout) => ColumnLayout | null) => {
      const next = f(current.current);
      if (next) current.current = next;
      setSaved(next);
      writeStorage(key, next);
      writeQueryParams({ [COLUMNS_PARAM]: next ? listParam(visibleColumnIds(next)) : null }, 'replace');
    },
    [key],
  );
  return [layout, change];
}

// Storage may be full or disabled (private windows): the layout then lasts as long as the page.
function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStorage(key: string, layout: ColumnLayout | null) {
  try {
    if (layout) localStorage.setItem(key, JSON.stringify(layout));
    else localStorage.removeItem(key);
  } catch {
    // See readStorage.
  }
}
