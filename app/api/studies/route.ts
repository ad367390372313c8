import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serverDb, serverStore } from '../../../db/server-db.ts';
import { confineToUploads } from '../uploads/data-paths.ts';
import { parseSpecJson, parseStudySpec } from '../../../spec/parse-spec.ts';
import { createStudy } from '../../../tuner/create-study.ts';
import { errorResponse, HttpError, readJson } from '../respond.ts';
import { uploadsDir } from '../uploads/uploads-dir.ts';

export const dynamic = 'force-dynamic';
const EXAMPLES_DIR = join(process.cwd(), 'examples');
const EXAMPLES = ['penguins-random', 'mnist-dropout-layers', 'mnist-kernel-activation'];

export async function GET() {
  return Response.json(await (await serverDb()).listStudyOverviews());
}

/** Queues a study: `{spec}` (the same JSON the CLI runs) or `{example}`; the runner picks it up. */
export async function POST(request: Request) {
  try {
    const body = await readJson(request);
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new HttpError(400, 'body: must be an object with "spec" or "example"');
    const { spec, example, ...rest } = body as { spec?: unknown; example?: unknown };
    const unknown = Object.keys(rest);
    if (unknown.length) throw new HttpError(400, `${unknown[0].slice(0, 100)}: unknown field (give "spec" or "example")`);
    if (spec !== undefined && example !== undefined) throw new HttpError(400, 'example: give "spec" or "example", not both');
    let input: unknown = spec;
    let specDir = process.cwd();
    if (example !== undefined) {
      if (typeof example !== 'string' || !EXAMPLES.includes(example))
        throw new HttpError(400, `example: must be one of ${EXAMPLES.join(', ')}`);
      input = parseSpecJson(readFileSync(join(EXAMPLES_DIR, `${example}.json`), 'utf8'), `${example}.json`);
      specDir = EXAMPLES_DIR;
    } else if (spec === undefined) throw new HttpError(400, 'spec: required (or give "example")');
    const parsed = parseStudySpec(input);
    // The examples are ours; a client's spec may read only built-in data and uploaded files (see confineToUploads).
    const studySpec =
      example === undefined && parsed.dataset ? { ...parsed, dataset: confineToUploads(parsed.dataset, uploadsDir()) } : parsed;
    const study = await createStudy(await serverStore(), studySpec, specDir);
    return Response.json({ id: study.id }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
