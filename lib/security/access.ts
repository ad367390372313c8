import { crossSiteProblem } from './cross-site.ts';
import { hostnameOfHostHeader, isLoopbackHostname } from './loopback.ts';
import { bearerToken, TOKEN_COOKIE, TOKEN_PARAM, tokensEqual } from './token.ts';

export interface AccessConfig {
  /** TUNEBOARD_TOKEN, or null when none is set (only allowed on loopback). */
  token: string | null;
  /** Whether the server is bound to a loopback address, so that only loopback Host headers are answered. */
  loopback: boolean;
}

export interface AccessRequest {
  method: string;
  /** Path and query as requested, e.g. `/studies/1?token=…`. */
  pathAndQuery: string;
  header(name: string): string | null;
  cookie(name: string): string | null;
}

export type AccessDecision =
  | { kind: 'allow' }
  /** The login URL was opened with the right token: set the cookie and send the browser on without it. */
  | { kind: 'login'; location: string; setCookie: string }
  | { kind: 'deny'; status: 401 | 403; reason: string; api: boolean };

/**
 * What to do with a request, in order: a loopback-bound server answers only loopback Host names (DNS rebinding);
 * with a token set, every request presents it (Authorization: Bearer, or the cookie the login URL sets); a
 * state-changing request must not come from another site (see crossSiteProblem).
 */
export function decideAccess(request: AccessRequest, config: AccessConfig): AccessDecision {
  const url = new URL(request.pathAndQuery, 'http://request.invalid');
  const api = url.pathname === '/api' || url.pathname.startsWith('/api/');
  const deny = (status: 401 | 403, reason: string): AccessDecision => ({ kind: 'deny', status, reason, api });
  const host = request.header('host');
  if (config.loopback) {
    const hostname = host === null ? null : hostnameOfHostHeader(host);
    if (hostname === null || !isLoopbackHostname(hostname)) {
      return deny(
        403,
        `Host ${host ?? '(none)'} refused: this server is bound to loopback and answers only localhost or 127.0.0.1 (bind another host with TUNEBOARD_TOKEN set to serve other names)`,
      );
    }
  }
  let bearer = false;
  if (config.token !== null) {
    const fromHeader = bearerToken(request.header('authorization'));
    bearer = fromHeader !== null && tokensEqual(fromHeader, config.token);
    const fromQuery = api ? null : url.searchParams.get(TOKEN_PARAM);
    if (fromQuery !== null && request.method.toUpperCase() === 'GET') {
      if (!tokensEqual(fromQuery, config.token)) return deny(401, 'the token in the address is wrong');
      url.searchParams.delete(TOKEN_PARAM);
      return { kind: 'login', location: `${url.pathname}${url.search}`, setCookie: loginCookie(config.token) };
    }
    const fromCookie = request.cookie(TOKEN_COOKIE);
    if (!bearer && !(fromCookie !== null && tokensEqual(fromCookie, config.token))) {
      return deny(401, api ? 'token required: send Authorization: Bearer <TUNEBOARD_TOKEN>' : 'no token given');
    }
  }
  const problem = crossSiteProblem({
    method: request.method,
    host,
    origin: request.header('origin'),
    secFetchSite: request.header('sec-fetch-site'),
    contentType: request.header('content-type'),
    bearer,
    tokenRequired: config.token !== null,
  });
  return problem === null ? { kind: 'allow' } : deny(403, problem);
}

/** The Set-Cookie value of a login: the browser keeps the token for this server only, never sending it cross-site. */
export function loginCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`;
}
