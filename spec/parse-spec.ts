import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { fromZodIssues, SpecError } from './spec-error.ts';
import { studySpecSchema, type StudySpec } from './study-spec.ts';

/** Specs are small; anything larger is a mistake (or an attack) and is refused before parsing. */
export const MAX_SPEC_BYTES = 1_000_000;

/** Validates a spec from any entry point; throws SpecError listing every problem by field. */
export function parseStudySpec(input: unknown): StudySpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new SpecError([{ path: '', message: `a study spec must be a JSON object, not ${input === null ? 'null' : Array.isArray(input) ? 'an array' : `a ${typeof input}`}` }]);
  const result = studySpecSchema.safeParse(input);
  if (!result.success) throw new SpecError(fromZodIssues(result.error.issues));
  return result.data;
}

/** Parses JSON text, reporting syntax errors with their line and column. */
export function parseSpecJson(text: string, source = 'spec'): unknown {
  if (Buffer.byteLength(text) > MAX_SPEC_BYTES)
    throw new SpecError([{ path: '', message: `${source}: larger than ${MAX_SPEC_BYTES} bytes; a study spec is a small JSON object` }]);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SpecError([{ path: '', message: `${source}: invalid JSON: ${describeJsonError(error, text)}` }]);
  }
}

export function readSpecFile(path: string): StudySpec {
  const source = basename(path);
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new SpecError([{ path: '', message: `${path}: no such file` }]);
  }
  if (size > MAX_SPEC_BYTES)
    throw new SpecError([{ path: '', message: `${source}: larger than ${MAX_SPEC_BYTES} bytes; a study spec is a small JSON object` }]);
  return parseStudySpec(parseSpecJson(readFileSync(path, 'utf8'), source));
}

/** A JSON.parse error with the line and column of its position, which V8 gives only as a character offset. */
export function describeJsonError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  if (!position) return message;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message.replace(/ in JSON at position \d+.*$/, '')} at line ${line} column ${column}`;
}
