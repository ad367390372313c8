/** The dashboard's colour scheme: `system` follows prefers-color-scheme; the others are the user's choice. */
export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];
export type ColorScheme = 'light' | 'dark';

/** Where the choice is kept (per browser). */
export const THEME_STORAGE_KEY = 'tuneboard:theme';

/** The scheme in force on this page: the `data-theme` the choice set on <html>, else the system's. */
export function currentScheme(): ColorScheme {
  const chosen = document.documentElement.dataset.theme;
  if (chosen === 'light' || chosen === 'dark') return chosen;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Applies and remembers a choice; `system` removes both, so the system's setting rules again. */
export function applyThemeChoice(choice: ThemeChoice): void {
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
  try {
    if (choice === 'system') localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // Storage may be disabled (private windows): the choice then lasts as long as the page.
  }
}
