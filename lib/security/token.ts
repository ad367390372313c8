import { createHash, timingSafeEqual } from 'node:crypto';

/** Shorter secrets are refused at start: the token is all that stands between the network and the API. */
export const MIN_TOKEN_LENGTH = 16;
/** The browser session cookie holding the token after the login URL was opened once. */
export const TOKEN_COOKIE = 'tuneboard_token';
/** The query parameter of the login URL, `/?token=…`. */
export const TOKEN_PARAM = 'token';

/** Compares in time independent of where the strings differ (both are hashed first, so lengths leak nothing either). */
export function tokensEqual(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(authorization: string | null): string | null {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
  return match ? match[1] : null;
}

/** Why a configured token cannot be used, or null when it can. */
export function tokenProblem(token: string): string | null {
  if (token.length < MIN_TOKEN_LENGTH)
    return `must be at least ${MIN_TOKEN_LENGTH} characters (use a long random secret, e.g. \`openssl rand -hex 24\`)`;
  if (!/^[\x21-\x7e]+$/.test(token)) return 'must be printable ASCII without spaces (it travels in a header and a URL)';
  return null;
}
