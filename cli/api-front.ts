import { Agent, createServer, type IncomingMessage, request as httpRequest, type Server, type ServerResponse } from 'node:http';
import { createConnection } from 'node:net';
import { decodeJson, errorAnswer, HttpError, MAX_BODY_BYTES, parseId, requireJsonType } from '../app/api/respond.ts';
import { TRIAL_ROUTES, type TrialHandler } from '../app/api/v1/trial-handlers.ts';
import { decideAccess } from '../lib/security/access.ts';
import { isLoopbackHostname } from '../lib/security/loopback.ts';
import { decisionResponse } from '../lib/security/responses.ts';
import type { ExternalTrials } from '../tuner/external/external-trials.ts';

export interface ApiFrontOptions {
  host: string;
  port: number;
  /** Where the Next.js dashboard listens, on loopback: every request but the clients' per-epoch ones goes there. */
  nextPort: number;
  trials: ExternalTrials;
  /** The access rules of proxy.ts, applied here to the requests answered here. */
  access: { token: string | null; loopback: boolean };
}

/**
 * `serve`'s front door. Clients of external studies call ask, epochs, heartbeat and finish once per epoch or trial;
 * Next.js spends milliseconds on each request before a route runs, so these are answered here, in the runner's
 * process, by the same handlers and under the same access rules as the dashboard's routes. Everything else is
 * passed to the dashboard unchanged (Host header included, so its own checks see what the client sent).
 */
export function startApiFront(options: ApiFrontOptions): Promise<Server> {
  const upstream = new Agent({ keepAlive: true });
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = req.method === 'POST' ? TRIAL_ROUTES.find((r) => r.pattern.test(path)) : undefined;
    if (!route) return forward(req, res, options.nextPort, upstream);
    const id = route.pattern.exec(path)![1];
    answer(req, res, options, route.handler, id).catch((error) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'internal error', issues: [] }));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/**
 * Answers as the Next route would (the same checks in the same order: access, id, content-type, size, JSON, schema),
 * straight from the Node request to the Node response: per-epoch requests are small and many.
 */
async function answer(req: IncomingMessage, res: ServerResponse, options: ApiFrontOptions, handler: TrialHandler, id: string) {
  const pathAndQuery = req.url ?? '/';
  const cookies = parseCookies(req.headers.cookie);
  const decision = decideAccess(
    { method: req.method ?? 'POST', pathAndQuery, header: (name) => headerOf(req, name), cookie: (name) => cookies.get(name) ?? null },
    options.access,
  );
  // Only API POSTs come here: a refusal is JSON, and the URL (used for a login redirect) does not matter.
  if (decision.kind !== 'allow') return send(res, decisionResponse(decision, `http://127.0.0.1${pathAndQuery}`));
  let answered: { status: number; body: unknown };
  try {
    const numeric = parseId(id);
    requireJsonType(headerOf(req, 'content-type'));
    const { bytes, total } = await readLimited(req);
    if (total > MAX_BODY_BYTES) throw new HttpError(413, `request body larger than ${MAX_BODY_BYTES} bytes`);
    answered = await handler.answer(options.trials, decodeJson(bytes), numeric);
  } catch (error) {
    answered = errorAnswer(error);
  }
  const body = JSON.stringify(answered.body);
  res.writeHead(answered.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * The body, read here rather than streamed on (per-epoch bodies are small), and its size; past MAX_BODY_BYTES the
 * rest is read and dropped, so that the connection stays usable for the 413.
 */
async function readLimited(req: IncomingMessage): Promise<{ bytes: Buffer; total: number }> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (total <= MAX_BODY_BYTES) chunks.push(chunk);
    total += chunk.byteLength;
  }
  return { bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks), total };
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = { 'content-length': String(body.byteLength) };
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  res.writeHead(response.status, headers);
  res.end(body);
}

function forward(req: IncomingMessage, res: ServerResponse, port: number, agent: Agent): void {
  const proxied = httpRequest(
    { host: '127.0.0.1', port, method: req.method, path: req.url, headers: forwardedHeaders(req), agent },
    (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    },
  );
  proxied.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('the dashboard is not answering');
  });
  res.on('close', () => proxied.destroy());
  req.pipe(proxied);
}

/**
 * The request's headers as the dashboard gets them. A browser on this machine is sent responses uncompressed:
 * gzip costs the server more than the bytes cost loopback (a 10,000-trial study's 4.9 MB of rows: 110 ms of 200).
 */
function forwardedHeaders(req: IncomingMessage): IncomingMessage['headers'] {
  if (!isLoopbackHostname(req.socket.remoteAddress ?? '')) return req.headers;
  const { 'accept-encoding': _dropped, ...rest } = req.headers;
  return rest;
}

function headerOf(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : (value ?? null);
}

function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    try {
      cookies.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      // A cookie that is not URI-encoded is not ours.
    }
  }
  return cookies;
}

/** Resolves once something accepts connections on 127.0.0.1:`port`; rejects if `gone` settles first. */
export async function untilListening(port: number, gone: Promise<unknown>): Promise<void> {
  let exited = false;
  void gone.then(() => (exited = true));
  for (;;) {
    if (exited) throw new Error('the dashboard exited while starting');
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A port free on loopback now, for the dashboard behind the front. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
