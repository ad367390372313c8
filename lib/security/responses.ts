import type { AccessDecision } from './access.ts';

const TOKEN_PAGE = (reason: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Tuneboard: token required</title>
<style>body{font:16px system-ui,sans-serif;max-width:34rem;margin:15vh auto;padding:0 1rem;color:#222}input{font:inherit;padding:.3rem;width:20rem}button{font:inherit;padding:.3rem .8rem}</style></head>
<body><h1>Token required</h1><p data-testid="token-required">${escapeHtml(reason.charAt(0).toUpperCase() + reason.slice(1))}: this Tuneboard server was started with <code>TUNEBOARD_TOKEN</code>;
enter that token (or open this address with <code>?token=…</code> once) to continue.</p>
<form method="get"><input type="password" name="token" aria-label="token" autocomplete="current-password" autofocus> <button>Continue</button></form></body></html>`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The response for a decision other than allow: a redirect after login (to `location` resolved against the
 * request's URL, as Next wants it absolute), JSON for the API, a short page otherwise.
 */
export function decisionResponse(decision: Exclude<AccessDecision, { kind: 'allow' }>, requestUrl: string): Response {
  // Nothing here may be cached, and the token in a login URL must not leak through the Referer header.
  const common = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };
  if (decision.kind === 'login') {
    return new Response(null, {
      status: 303,
      headers: { ...common, location: new URL(decision.location, requestUrl).href, 'set-cookie': decision.setCookie },
    });
  }
  const challenge: Record<string, string> = decision.status === 401 ? { 'www-authenticate': 'Bearer realm="tuneboard"' } : {};
  if (decision.api || decision.status === 403) {
    return Response.json({ error: decision.reason, issues: [] }, { status: decision.status, headers: { ...common, ...challenge } });
  }
  return new Response(TOKEN_PAGE(decision.reason), {
    status: 401,
    headers: { ...common, ...challenge, 'content-type': 'text/html; charset=utf-8' },
  });
}
