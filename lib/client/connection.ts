/**
 * HTTP for Tuneboard's v1 API clients: JSON bodies, the bearer token, and retries with jittered exponential
 * backoff on what a retry can cure (connection errors, 408, 429, 5xx). A 4xx answer is final: TuneboardError.
 */

export const FIRST_BACKOFF_MS = 500;
export const MAX_BACKOFF_MS = 30_000;
const RETRIED_STATUSES = new Set([408, 429]);

/** The server refused a request (4xx): sending it again cannot help. */
export class TuneboardError extends Error {
  constructor(
    readonly status: number,
    readonly body: { error?: string; issues?: { path: string; message: string }[]; expected_epoch?: number } | null,
    method: string,
    path: string,
  ) {
    super(`${method} ${path}: HTTP ${status}: ${body?.error ?? 'refused'}`);
  }
}

/** The server could not be reached for as long as the caller was willing to wait. */
export class ServerUnavailable extends Error {}

export interface ConnectionOptions {
  /** The server, e.g. http://127.0.0.1:3000; default $TUNEBOARD_URL. */
  url?: string;
  /** Default $TUNEBOARD_TOKEN; sent as `Authorization: Bearer`. */
  token?: string;
  /** Per request, in ms. */
  timeoutMs?: number;
}

export class Connection {
  readonly url: string;
  private readonly token: string | undefined;
  private readonly timeoutMs: number;

  constructor(options: ConnectionOptions = {}) {
    // A browser has no process: the browser worker passes its page's origin and relies on the page's own access.
    const env = globalThis.process?.env ?? {};
    const url = options.url ?? env.TUNEBOARD_URL;
    if (!url) throw new Error('Tuneboard client: no server URL (pass url, or set TUNEBOARD_URL)');
    this.url = url.replace(/\/+$/, '');
    this.token = options.token ?? (env.TUNEBOARD_TOKEN || undefined);
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /**
   * Sends one request, retrying what can be retried until `deadline` (ms since 1970; default: one try).
   * Throws TuneboardError on a 4xx, ServerUnavailable when the deadline passes.
   */
  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown, deadline = 0): Promise<T> {
    return this.retried(method, path, () => this.once<T>(method, path, body, 'json'), deadline);
  }

  /** A GET whose answer is binary (a study's prepared data), retried as request() is. */
  bytes(path: string, deadline = 0): Promise<Uint8Array> {
    return this.retried('GET', path, () => this.once<Uint8Array>('GET', path, undefined, 'bytes'), deadline);
  }

  private async retried<T>(
    method: string,
    path: string,
    once: () => Promise<{ ok: true; value: T } | { ok: false; why: string }>,
    deadline: number,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const outcome = await once();
      if (outcome.ok) return outcome.value;
      const wait = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** attempt) * (0.5 + Math.random() / 2);
      if (Date.now() + wait > deadline) throw new ServerUnavailable(`${method} ${path}: ${outcome.why}`);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private async once<T>(
    method: string,
    path: string,
    body: unknown,
    read: 'json' | 'bytes',
  ): Promise<{ ok: true; value: T } | { ok: false; why: string }> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        // A data set may be hundreds of MB: its download gets minutes, not a request's seconds.
        signal: AbortSignal.timeout(read === 'bytes' ? Math.max(this.timeoutMs, 600_000) : this.timeoutMs),
      });
    } catch (error) {
      return { ok: false, why: (error as Error).cause ? String((error as Error).cause) : (error as Error).message };
    }
    if (response.ok && read === 'bytes') {
      const bytes = await response.arrayBuffer().then(
        (buffer) => new Uint8Array(buffer),
        (error: Error) => error,
      );
      return bytes instanceof Uint8Array ? { ok: true, value: bytes as T } : { ok: false, why: bytes.message };
    }
    const text = await response.text().catch(() => '');
    const parsed = parseJson(text);
    if (response.ok) return { ok: true, value: parsed as T };
    if (response.status >= 500 || RETRIED_STATUSES.has(response.status)) return { ok: false, why: `HTTP ${response.status}` };
    throw new TuneboardError(response.status, (parsed as TuneboardError['body']) ?? { error: text.slice(0, 200) }, method, path);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A metric value as JSON carries it: NaN and ±Infinity as the strings the API takes. */
export function jsonNumber(value: number): number | string {
  if (Number.isFinite(value)) return value;
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}
