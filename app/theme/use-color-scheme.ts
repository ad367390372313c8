'use client';
import { useSyncExternalStore } from 'react';
import { type ColorScheme, currentScheme } from './theme.ts';

/** Calls `onChange` when the scheme may have changed: the toggle (data-theme on <html>) or the system's setting. */
function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', onChange);
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => {
    media.removeEventListener('change', onChange);
    observer.disconnect();
  };
}

/** The colour scheme in force, kept current (the server renders light; the client follows at once). */
export function useColorScheme(): ColorScheme {
  return useSyncExternalStore(subscribe, currentScheme, () => 'light');
}
