/**
 * Loopback names and addresses: what `tuneboard serve` may bind without a token, and the only Host headers a
 * loopback-bound server answers (a DNS-rebinding page reaches 127.0.0.1 under its own name, e.g. evil.example).
 */
export function isLoopbackHostname(hostname: string): boolean {
  const name = hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (name === '::1' || name === '0:0:0:0:0:0:0:1') return true;
  if (/^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** The host name of a Host header (`name:port`, `[v6]:port`), or null when it is not one. */
export function hostnameOfHostHeader(host: string): string | null {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]\s/@]+)(?::\d{1,5})?$/.exec(host.trim());
  return match ? match[1] : null;
}
