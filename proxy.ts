import type { NextRequest } from 'next/server';
import { decideAccess } from './lib/security/access.ts';
import { isLoopbackHostname } from './lib/security/loopback.ts';
import { decisionResponse } from './lib/security/responses.ts';

/**
 * Every request but the build's static files passes here first (Next 16 runs the proxy in Node.js, before any
 * route): Host check on loopback, token when TUNEBOARD_TOKEN is set, cross-site check on state-changing methods.
 * `tuneboard serve` passes the bound host as TUNEBOARD_HOST; without it (e.g. `next dev`) loopback is assumed.
 */
export function proxy(request: NextRequest): Response | undefined {
  const decision = decideAccess(
    {
      method: request.method,
      pathAndQuery: `${request.nextUrl.pathname}${request.nextUrl.search}`,
      header: (name) => request.headers.get(name),
      cookie: (name) => request.cookies.get(name)?.value ?? null,
    },
    { token: process.env.TUNEBOARD_TOKEN || null, loopback: isLoopbackHostname(process.env.TUNEBOARD_HOST ?? '127.0.0.1') },
  );
  return decision.kind === 'allow' ? undefined : decisionResponse(decision, request.url);
}

export const config = {
  // Static build files hold no data; everything else (pages, API, RSC requests) is checked.
  matcher: ['/((?!_next/static/|_next/image|favicon.ico).*)'],
};
