/** Request reading and error answers shared by the route handlers (and serve's API front, cli/api-front.ts). */
import type { z } from 'zod';
import { DatasetError } from '../../datasets/errors.ts';
import { describeJsonError } from '../../spec/parse-spec.ts';
import { fromZodIssues, SpecError, type SpecIssue } from '../../spec/spec-error.ts';
import { ExternalRefusal } from '../../tuner/external/refusal.ts';

/** Bodies larger than this are refused unread: specs and control requests are small. */
export const MAX_BODY_BYTES = 1_000_000;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: SpecIssue[] = [],
  ) {
    super(message);
  }
}

export function jsonError(status: number, error: string, issues: SpecIssue[] = []): Response {
  return Response.json({ error, issues }, { status });
}

/** Maps what a handler throws to a response: input errors are 4xx naming the field, anything else a 500. */
export function errorResponse(error: unknown): Response {
  const { status, body } = errorAnswer(error);
  return Response.json(body, { status });
}

/** errorResponse's status and JSON body, for serve's API front, which writes them without a Response. */
export function errorAnswer(error: unknown): { status: number; body: unknown } {
  if (error instanceof HttpError) return { status: error.status, body: { error: error.message, issues: error.issues } };
  if (error instanceof SpecError) return { status: 400, body: { error: error.message, issues: error.issues } };
  if (error instanceof DatasetError)
    return { status: 400, body: { error: error.message, issues: [{ path: 'dataset', message: error.message }] } };
  if (error instanceof ExternalRefusal) return { status: error.status, body: { error: error.message, issues: [], ...error.details } };
  console.error(error);
  return { status: 500, body: { error: 'internal error', issues: [] } };
}

/**
 * Reads a request body, refusing (413) a declared or actual size over `limit` as soon as it is known, so a client
 * that sends no content-length (chunked) cannot make the server hold more than the limit either.
 */
export async function readBody(request: Request, limit: number, tooLarge = `request body larger than ${limit} bytes`): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (Number(declared ?? 0) > limit) throw new HttpError(413, tooLarge);
  if (!request.body) throw new HttpError(400, 'body: missing');
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new HttpError(413, tooLarge);
    }
    chunks.push(value);
  }
  // Next's proxy passes on only the first 10 MB of a body (proxyClientMaxBodySize): a cut file must not be taken for the whole.
  if (declared !== null && total !== Number(declared)) {
    throw new HttpError(413, `body: ${total} of the ${declared} bytes sent arrived; the server cut it short (larger than it accepts)`);
  }
  return Buffer.concat(chunks);
}

/**
 * A JSON body: `content-type: application/json` (which a cross-site form cannot send without a preflight), at most
 * `limit` bytes of UTF-8 (MAX_BODY_BYTES unless a route takes more); a syntax error is a 400 giving its line and column.
 */
export async function readJson(request: Request, limit = MAX_BODY_BYTES): Promise<unknown> {
  requireJsonType(request.headers.get('content-type'));
  return decodeJson(await readBody(request, limit));
}

/** The content-type a JSON body must declare (a 415 otherwise). */
export function requireJsonType(type: string | null): void {
  if (!/^application\/json\s*(;|$)/i.test(type ?? ''))
    throw new HttpError(415, `content-type: must be application/json, got ${JSON.stringify((type ?? '').slice(0, 100))}`);
}

/** A JSON body's bytes as readJson reads them: UTF-8, not empty, a syntax error named by line and column. */
export function decodeJson(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, 'body: not valid UTF-8');
  }
  if (text.trim() === '') throw new HttpError(400, 'body: empty; send a JSON object');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `body: not valid JSON: ${describeJsonError(error, text)}`);
  }
}

/** Route ids are positive integers; anything else is a 400 naming the parameter. */
export function parseId(value: string, name = 'id'): number {
  if (!/^\d{1,15}$/.test(value) || Number(value) < 1) throw new HttpError(400, `${name}: must be a positive integer`);
  return Number(value);
}

/** Parses a JSON body with a zod schema; a mismatch is a 400 whose issues name the fields. */
export async function readValidated<S extends z.ZodType>(request: Request, schema: S, limit?: number): Promise<z.output<S>> {
  return validated(schema, await readJson(request, limit));
}

/** A parsed body checked against a zod schema; a mismatch is a 400 whose issues name the fields. */
export function validated<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new SpecError(fromZodIssues(result.error.issues));
}
