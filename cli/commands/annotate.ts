import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolveDbPath } from '../../db/db-address.ts';
import { openDb, type OpenedDb } from '../../db/open-store.ts';
import { type Annotation, type AnnotationChange, TooManyTags } from '../../db/annotations.ts';
import { annotationChangeSchema } from '../../spec/annotations.ts';
import { fromZodIssues, SpecError } from '../../spec/spec-error.ts';
import { terminalText } from '../format.ts';
import { UsageError } from '../usage-error.ts';

/** What a STUDY[/TRIAL] argument names: a study, or the trial with that number in it. */
type Target = { kind: 'study'; id: number; label: string } | { kind: 'trial'; id: number; label: string };

/**
 * `tag STUDY[/TRIAL] +a -b …`: adds and removes tags. Parsed here rather than by main's parseArgs, since `-b` is a
 * tag to remove, not an option.
 */
export async function tagCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv.filter((a) => !/^[+-][^-]/.test(a) || a.startsWith('--')),
    allowPositionals: true,
    options: { db: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const words = argv.filter((a) => /^[+-][^-]/.test(a) && !a.startsWith('--'));
  const [ref, ...extra] = positionals;
  if (!ref) throw new UsageError('tag: missing STUDY[/TRIAL], a study id or name, optionally /trial number (see tuneboard list)');
  if (extra.length > 0 || words.length === 0)
    throw new UsageError(`tag: give tags as +TAG to add and -TAG to remove${extra.length ? ` (got "${extra[0]}")` : ''}`);
  const change = {
    add: words.filter((w) => w[0] === '+').map((w) => w.slice(1)),
    remove: words.filter((w) => w[0] === '-').map((w) => w.slice(1)),
  };
  return annotateAndPrint(values.db, ref, change, values.json ?? false);
}

/** `note STUDY[/TRIAL] TEXT | --file F`: replaces the note (Markdown); an empty TEXT clears it. */
export async function noteCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { db: { type: 'string' }, file: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const [ref, text, ...extra] = positionals;
  if (!ref) throw new UsageError('note: missing STUDY[/TRIAL], a study id or name, optionally /trial number (see tuneboard list)');
  if ((text === undefined) === (values.file === undefined)) throw new UsageError('note: give the note as TEXT or --file F, one of them');
  if (extra.length > 0) throw new UsageError(`note: one TEXT only; quote it (got "${extra[0]}" too)`);
  return annotateAndPrint(values.db, ref, { note: text ?? readNoteFile(values.file!) }, values.json ?? false);
}

function readNoteFile(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new UsageError(
      `note: --file ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`note: --file ${path}: not valid UTF-8`);
  }
}

async function annotateAndPrint(dbOption: string | undefined, ref: string, input: unknown, json: boolean): Promise<number> {
  const parsed = annotationChangeSchema.safeParse(input);
  if (!parsed.success) throw new SpecError(fromZodIssues(parsed.error.issues));
  const address = resolveDbPath(dbOption);
  const db = await openDb(address);
  try {
    const target = await findTarget(db, ref, address);
    const result = await annotate(db, target, parsed.data);
    if (json) console.log(JSON.stringify({ [target.kind]: target.id, ...result }));
    else {
      console.log(terminalText(`${target.label}: tags ${result.tags.length ? result.tags.join(', ') : '(none)'}`));
      if (result.note) console.log(terminalText(`note: ${result.note.length} characters, first line "${result.note.split('\n')[0]}"`));
    }
    return 0;
  } finally {
    await db.store.close();
  }
}

async function annotate(db: OpenedDb, target: Target, change: AnnotationChange): Promise<Annotation> {
  try {
    const result = await db.annotations.annotate(target.kind, target.id, change);
    if (!result) throw new UsageError(`${target.label} was deleted meanwhile`);
    return result;
  } catch (error) {
    if (error instanceof TooManyTags) throw new UsageError(error.message);
    throw error;
  }
}

/** A study by id or name; `name/N` (or `name/#N`) is its trial number N, unless a study is named so. */
async function findTarget(db: OpenedDb, ref: string, address: string): Promise<Target> {
  const whole = await db.store.getStudy(ref);
  if (whole) return { kind: 'study', id: whole.id, label: `study "${whole.name}"` };
  const split = /^(.+)\/#?(\d+)$/.exec(ref);
  const study = split && (await db.store.getStudy(split[1]));
  if (!study) throw new UsageError(`no study "${split ? split[1] : ref}" in ${address} (see tuneboard list)`);
  const trial = (await db.store.listTrials(study.id)).find((t) => t.number === Number(split![2]));
  if (!trial) throw new UsageError(`study "${study.name}" has no trial number ${split![2]} (see tuneboard show ${study.id})`);
  return { kind: 'trial', id: trial.id, label: `trial #${trial.number} of study "${study.name}"` };
}
