import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { localDataDir } from '../db/db-address.ts';
import { studySegment } from './model-store.ts';
import type { SavedTensor, TrialCheckpoint } from '../workers/protocol.ts';

/**
 * Trial checkpoints live beside the database, one file per unfinished trial: `<dir>/<study uid>/<trialId>.ckpt`
 * (named by the study's UUID, as saved models are: see model-store.ts),
 * replaced after each saved epoch and deleted when the trial ends. A file is written aside and renamed over the
 * old one, so a crash leaves the previous checkpoint or the new one, never half of one. Not fsynced (that would
 * cost a disk flush per epoch): after a power loss a checkpoint may be missing or cut short, which reading
 * detects; the trial then trains again from its first epoch. With PostgreSQL each machine keeps its own (see
 * localDataDir): a trial taken over on another machine starts again from its first epoch.
 */
export function checkpointsDirFor(dbPath: string): string {
  return join(localDataDir(dbPath), 'checkpoints');
}

const MAGIC = 'TBC1';
const GROUPS = ['weights', 'optimizer', 'bestWeights'] as const;
type TensorMeta = Omit<SavedTensor, 'data'>;
interface Header {
  epoch: number;
  tracker: TrialCheckpoint['tracker'];
  tensors: Record<(typeof GROUPS)[number], TensorMeta[] | null>;
  dataBytes: number;
}

let tempCounter = 0;

function checkpointFile(dir: string, studyUid: string, trialId: number): string {
  return join(dir, studySegment(studyUid), `${trialId}.ckpt`);
}

export async function saveCheckpoint(dir: string, studyUid: string, trialId: number, checkpoint: TrialCheckpoint): Promise<void> {
  const file = checkpointFile(dir, studyUid, trialId);
  const blobs: Uint8Array[] = [];
  const metas = (tensors: SavedTensor[] | null) =>
    tensors?.map(({ data, ...meta }) => {
      blobs.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      return meta;
    }) ?? null;
  const tensors = {
    weights: metas(checkpoint.weights),
    optimizer: metas(checkpoint.optimizer),
    bestWeights: metas(checkpoint.bestWeights),
  };
  const header: Header = {
    epoch: checkpoint.epoch,
    tracker: checkpoint.tracker,
    tensors,
    dataBytes: blobs.reduce((n, b) => n + b.byteLength, 0),
  };
  const json = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.alloc(8);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(json.byteLength, 4);
  const temp = `${file}.tmp-${process.pid}-${tempCounter++}`;
  await mkdir(dirname(file), { recursive: true });
  try {
    await writeFile(temp, Buffer.concat([prefix, json, ...blobs]));
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** The trial's checkpoint, or null when it has none or the file is damaged (then it trains from scratch). */
export async function loadCheckpoint(dir: string, studyUid: string, trialId: number): Promise<TrialCheckpoint | null> {
  const bytes = await readFile(checkpointFile(dir, studyUid, trialId)).catch(() => null);
  if (!bytes || bytes.byteLength < 8 || bytes.toString('latin1', 0, 4) !== MAGIC) return null;
  try {
    const headerEnd = 8 + bytes.readUInt32LE(4);
    const header = JSON.parse(bytes.toString('utf8', 8, headerEnd)) as Header;
    if (bytes.byteLength - headerEnd !== header.dataBytes) return null;
    let offset = headerEnd;
    const read = (metas: TensorMeta[] | null): SavedTensor[] | null =>
      metas?.map((meta) => {
        const count = meta.shape.reduce((n, d) => n * d, 1);
        // Copied out of the file buffer: typed arrays need their own aligned buffer.
        const raw = bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + count * 4);
        offset += count * 4;
        return { ...meta, data: meta.dtype === 'int32' ? new Int32Array(raw) : new Float32Array(raw) };
      }) ?? null;
    const [weights, optimizer, bestWeights] = GROUPS.map((group) => read(header.tensors[group]));
    if (offset !== bytes.byteLength || !weights || !optimizer) return null;
    return { epoch: header.epoch, tracker: header.tracker, weights, optimizer, bestWeights };
  } catch {
    return null;
  }
}

/** Removes a trial's checkpoint and any temporary file a killed runner left of it. */
export async function deleteCheckpoint(dir: string, studyUid: string, trialId: number): Promise<void> {
  const file = checkpointFile(dir, studyUid, trialId);
  const names = await readdir(dirname(file)).catch(() => [] as string[]);
  const prefix = `${trialId}.ckpt`;
  await Promise.all(
    names.filter((n) => n === prefix || n.startsWith(`${prefix}.tmp-`)).map((n) => rm(join(dirname(file), n), { force: true })),
  );
}

/** Removes every checkpoint of a study (it has ended). */
export async function deleteStudyCheckpoints(dir: string, studyUid: string): Promise<void> {
  await rm(join(dir, studySegment(studyUid)), { recursive: true, force: true });
}
