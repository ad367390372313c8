/** Methods that only read; every other method may change state and is checked for cross-site forgery. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Content types an HTML form (or a no-CORS fetch) on another site can send without a preflight. */
const FORM_CONTENT_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

export interface CrossSiteInput {
  method: string;
  /** The request's Host header: the origin the browser addressed. */
  host: string | null;
  origin: string | null;
  secFetchSite: string | null;
  contentType: string | null;
  /** Whether the request presented a valid token in an Authorization header (never sent by a browser on its own). */
  bearer: boolean;
  /** Whether the server requires a token. */
  tokenRequired: boolean;
}

/**
 * Why a state-changing request must be refused as possibly cross-site, or null when it may go on.
 * - With an Origin header (every current browser sends one on non-GET requests) it must be this server's own.
 * - Without one but with Sec-Fetch-Site, that must say same-origin.
 * - With neither, the client is not a browser, or one too old to say; it is let through only when it could not
 *   have been made by another site's page: it carries the token in an Authorization header (when a token is
 *   required), or (when none is) a content type that a cross-site form cannot send without a CORS preflight,
 *   which this server never grants.
 */
export function crossSiteProblem(input: CrossSiteInput): string | null {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return null;
  if (input.origin !== null) {
    if (input.host !== null && sameHost(input.origin, input.host)) return null;
    return `cross-site request refused: Origin ${input.origin} is not this server's`;
  }
  if (input.secFetchSite !== null) {
    return input.secFetchSite === 'same-origin' ? null : `cross-site request refused: Sec-Fetch-Site is ${input.secFetchSite}`;
  }
  if (input.tokenRequired) {
    return input.bearer ? null : 'a request without an Origin header must present the token in an Authorization: Bearer header';
  }
  const type = (input.contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === '' || FORM_CONTENT_TYPES.has(type)) {
    return `a request without an Origin header must send a Content-Type a cross-site form cannot (e.g. application/json), got ${type || 'none'}`;
  }
  return null;
}

/** Whether an http(s) Origin names the host of the Host header (default ports normalised; "null" never does). */
function sameHost(origin: string, host: string): boolean {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    return url.host === new URL(`${url.protocol}//${host}`).host;
  } catch {
    return false;
  }
}
