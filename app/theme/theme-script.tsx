import { THEME_STORAGE_KEY } from './theme.ts';

/**
 * Sets <html data-theme> before the page paints, so a dark page never flashes light: the stored choice, else the
 * system's scheme, followed while no choice is stored. The stylesheet then has one rule for dark. The script is this
 * constant text (no user data goes into it).
 */
const SCRIPT = `try{var r=document.documentElement,m=matchMedia("(prefers-color-scheme: dark)"),f=function(){var t=null;try{t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)})}catch(e){}r.dataset.theme=t==="light"||t==="dark"?t:m.matches?"dark":"light"};f();m.addEventListener("change",f)}catch(e){}`;

export function ThemeScript() {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: a constant script, see above.
  return <script dangerouslySetInnerHTML={{ __html: SCRIPT }} />;
}
