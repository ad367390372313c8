import { isLoopbackHostname } from './loopback.ts';
import { tokenProblem } from './token.ts';

/**
 * Why `tuneboard serve` must not start with this host and token, or null when it may: a loopback host needs no
 * token; any other host (the LAN, 0.0.0.0) needs TUNEBOARD_TOKEN, and a token that is set must be usable.
 */
export function bindProblem(host: string, token: string | undefined): string | null {
  if (token !== undefined && token !== '') {
    const problem = tokenProblem(token);
    return problem && `TUNEBOARD_TOKEN: ${problem}`;
  }
  if (isLoopbackHostname(host)) return null;
  return `--host ${host}: not a loopback address, so the dashboard would be open to the network; set TUNEBOARD_TOKEN to a long random secret (every request must then present it) or bind 127.0.0.1`;
}
