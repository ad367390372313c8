import { readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';

/** An event file under a log directory, with the run (trial) it belongs to. */
export interface EventFile {
  /** Path relative to the log directory, with `/` separators. */
  file: string;
  /** The run directory, relative ('.' for the log directory itself): Keras's train/ and validation/ fold into their parent. */
  run: string;
  /** 'train' or 'validation' for a Keras subdirectory, else ''. */
  group: KerasGroup | '';
}
export type KerasGroup = 'train' | 'validation';

export interface EventFileScan {
  files: EventFile[];
  /** Things not followed or not readable, one sentence each. */
  problems: string[];
  /** Directories walked that hold no event file (neither they nor any folder below them). */
  emptyDirs: number;
}

const EVENT_FILE = /tfevents/;
const KERAS_GROUPS = new Set<string>(['train', 'validation']);

/**
 * Every event file under `logdir`, in path order. Symbolic links are followed once: a link back to a directory
 * already walked (a loop) is reported and skipped, as is a directory that cannot be read. With `within` (a real
 * path), a link leading outside it is reported and not followed either: the dashboard reads only its import root.
 */
export function scanEventFiles(logdir: string, within?: string): EventFileScan {
  const files: EventFile[] = [];
  const problems: string[] = [];
  const visited = new Set<string>();
  let emptyDirs = 0;
  const walk = (dir: string): boolean => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (error) {
      problems.push(
        `${dir}: not followed (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}, a symbolic link loop or a broken link)`,
      );
      return false;
    }
    if (within !== undefined && real !== within && !real.startsWith(`${within}${sep}`)) {
      problems.push(`${dir}: leads outside ${within} (to ${real}); not followed`);
      return false;
    }
    if (visited.has(real)) {
      problems.push(`${dir}: a symbolic link loop (it leads back to ${real}, already read); not followed`);
      return false;
    }
    visited.add(real);
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch (error) {
      problems.push(`${dir}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); skipped`);
      return false;
    }
    let found = false;
    for (const name of entries) {
      const path = join(dir, name);
      const stat = statOrNull(path);
      if (stat?.isDirectory()) found = walk(path) || found;
      else if (stat?.isFile() && EVENT_FILE.test(name) && !outside(path, within)) {
        files.push(eventFile(relative(logdir, path).split(sep).join('/')));
        found = true;
      } else if (!stat) problems.push(`${path}: not followed (a broken symbolic link or a symbolic link loop)`);
      else if (stat.isFile() && EVENT_FILE.test(name)) problems.push(`${path}: leads outside ${within}; not read`);
    }
    if (!found) emptyDirs++;
    return found;
  };
  walk(logdir);
  return { files, problems, emptyDirs };
}

/** Whether a file's real path lies outside `within` (never, without one). */
function outside(path: string, within: string | undefined): boolean {
  if (within === undefined) return false;
  const real = realpathSync(path);
  return !real.startsWith(`${within}${sep}`);
}

/** Null for a path that cannot be followed: a broken link, or a link to itself (ELOOP). */
function statOrNull(path: string) {
  try {
    return statSync(path, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
}

function eventFile(file: string): EventFile {
  const dir = dirname(file);
  const name = basename(dir);
  if (KERAS_GROUPS.has(name)) return { file, run: dirname(dir), group: name as KerasGroup };
  return { file, run: dir, group: '' };
}

/**
 * The Tuneboard metric name of a tag: Keras's `epoch_loss` is `loss` in train/ and `val_loss` in validation/; its
 * other tags there (batch-level, `evaluation_*_vs_iterations`) count steps, not epochs, and are left out (null).
 * Tags of any other writer (PyTorch's SummaryWriter, tensorboardX) are kept as written.
 */
export function metricName(group: EventFile['group'], tag: string): string | null {
  if (group === '') return tag;
  if (!tag.startsWith('epoch_')) return null;
  const name = tag.slice('epoch_'.length);
  return group === 'validation' ? `val_${name}` : name;
}
