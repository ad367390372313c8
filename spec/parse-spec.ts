import { readFileSync, statSync, type Stats } from 'node:fs';
import { basename } from 'node:path';
import { decodeUtf8 } from '../lib/utf8.ts';
import { fromZodIssues, SpecError } from './spec-error.ts';
import { studySpecSchema, type StudySpec } from './study-spec.ts';

/** Specs are small; anything larger is a mistake (or an attack) and is refused before parsing. */
export const MAX_SPEC_BYTES = 1_000_000;

/** Validates a spec from any entry point; throws SpecError listing every problem by field. */
export function parseStudySpec(input: unknown): StudySpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new SpecError([
      {
        path: '',
        message: `a study spec must be a JSON object, not ${input === null ? 'null' : Array.isArray(input) ? 'an array' : `a ${typeof input}`}`,
      },
    ]);
  const result = studySpecSchema.safeParse(input);
  if (!result.success) throw new SpecError(fromZodIssues(result.error.issues));
  return result.data;
}

/** Parses JSON text, reporting syntax errors with their line and column. */
export function parseSpecJson(text: string, source = 'spec'): unknown {
  if (Buffer.byteLength(text) > MAX_SPEC_BYTES)
    throw new SpecError([{ path: '', message: `${source}: larger than ${MAX_SPEC_BYTES} bytes; a study spec is a small JSON object` }]);
  // Editors on Windows save UTF-8 with a byte order mark, which JSON.parse does not skip.
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new SpecError([{ path: '', message: `${source}: invalid JSON: ${describeJsonError(error, json)}` }]);
  }
}

export function readSpecFile(path: string): StudySpec {
  const source = basename(path);
  let info: Stats;
  try {
    info = statSync(path);
  } catch {
    throw new SpecError([{ path: '', message: `${path}: no such file` }]);
  }
  // A folder cannot be read as text, and a device or pipe (/dev/zero) reports size 0 and may never end.
  if (!info.isFile())
    throw new SpecError([
      { path: '', message: `${path}: ${info.isDirectory() ? 'is a directory' : 'is not a regular file'}; give the spec's JSON file` },
    ]);
  const size = info.size;
  if (size > MAX_SPEC_BYTES)
    throw new SpecError([{ path: '', message: `${source}: larger than ${MAX_SPEC_BYTES} bytes; a study spec is a small JSON object` }]);
  const decoded = decodeUtf8(readFileSync(path), source);
  if ('problem' in decoded) throw new SpecError([{ path: '', message: decoded.problem }]);
  return parseStudySpec(parseSpecJson(decoded.text, source));
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
