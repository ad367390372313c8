/**
 * Rules for text that names things and is printed back (study names): well-formed Unicode, so that it is
 * stored and found again as written (a lone UTF-16 surrogate becomes U+FFFD in UTF-8, and a resumed spec then
 * no longer matches its study), and free of control characters, which could rewrite a terminal or a log.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** C0 and C1 controls, line and paragraph separators, and the bidirectional overrides that reorder a line. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** Why `text` cannot be a name, or null when it can. */
export function nameProblem(text: string): string | null {
  if (hasLoneSurrogate(text)) return 'must be valid Unicode (it holds a lone UTF-16 surrogate)';
  const control = CONTROL.exec(text);
  if (control)
    return `must not hold control characters (U+${control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} at position ${control.index + 1})`;
  return null;
}
