import { THEME_STORAGE_KEY } from './theme.ts';

/**
 * Sets <html data-theme> from the stored choice before the page paints, so a dark page never flashes light. The
 * script is this constant text (no user data goes into it).
 */
const SCRIPT = `try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});if(t==="light"||t==="dark")document.documentElement.dataset.theme=t}catch(e){}`;

export function ThemeScript() {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: a constant script, see above.
  return <script dangerouslySetInnerHTML={{ __html: SCRIPT }} />;
}
