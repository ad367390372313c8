/** The dashboard's colour scheme: `system` follows prefers-color-scheme; the others are the user's choice. */
export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];
export type ColorScheme = 'light' | 'dark';

/** Where the choice is kept (per browser). */
export const THEME_STORAGE_KEY = 'tuneboard:theme';

const systemScheme = (): ColorScheme => (window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');

/** The scheme in force on this page: the `data-theme` the theme script set on <html>, else the system's. */
export function currentScheme(): ColorScheme {
  const shown = document.documentElement.dataset.theme;
  return shown === 'light' || shown === 'dark' ? shown : systemScheme();
}

/** Applies and remembers a choice; `system` forgets it, and the theme script follows the system's setting again. */
export function applyThemeChoice(choice: ThemeChoice): void {
  document.documentElement.dataset.theme = choice === 'system' ? systemScheme() : choice;
  try {
    if (choice === 'system') localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // Storage may be disabled (private windows): the choice then lasts as long as the page.
  }
}
