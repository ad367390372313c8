import 'server-only';
import type { z } from 'zod';
import { DatasetError } from '../../datasets/errors.ts';
import { fromZodIssues, SpecError, type SpecIssue } from '../../spec/spec-error.ts';

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
  if (error instanceof HttpError) return jsonError(error.status, error.message, error.issues);
  if (error instanceof SpecError) return jsonError(400, error.message, error.issues);
  if (error instanceof DatasetError) return jsonError(400, error.message, [{ path: 'dataset', message: error.message }]);
  console.error(error);
  return jsonError(500, 'internal error');
}

export async function readJson(request: Request): Promise<unknown> {
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > MAX_BODY_BYTES) throw new HttpError(413, `request body larger than ${MAX_BODY_BYTES} bytes`);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new HttpError(413, `request body larger than ${MAX_BODY_BYTES} bytes`);
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
}

/** Route ids are positive integers; anything else is a 400 naming the parameter. */
export function parseId(value: string, name = 'id'): number {
  if (!/^\d{1,15}$/.test(value) || Number(value) < 1) throw new HttpError(400, `${name}: must be a positive integer`);
  return Number(value);
}

/** Parses a JSON body with a zod schema; a mismatch is a 400 whose issues name the fields. */
export async function readValidated<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const result = schema.safeParse(await readJson(request));
  if (result.success) return result.data;
  throw new SpecError(fromZodIssues(result.error.issues));
}
