import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { maskedCrc32c } from './crc32c.ts';

/** A record's payload and the byte offset of its header in the file. */
export interface TfRecord {
  offset: number;
  data: Uint8Array;
}

/** Something wrong in a file, at a byte offset; the reader skips it and goes on. */
export interface RecordProblem {
  offset: number;
  message: string;
}

export interface RecordsRead {
  records: TfRecord[];
  problems: RecordProblem[];
  /** Where the next read starts: after the last whole record (or skipped bytes). */
  end: number;
}

/**
 * Records larger than this are refused as corrupt: TensorBoard's scalar and HParams events are a few hundred bytes,
 * and a length field of gigabytes is a damaged header far more often than a real record.
 */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;
const HEADER_BYTES = 12;
const SCAN_WINDOW = 64 * 1024;

/**
 * Reads the TFRecord framing of `path` from byte `from`: u64 length, masked CRC-32C of the length, data, masked
 * CRC-32C of the data, all little-endian. A record whose data CRC fails is skipped; a header whose CRC fails (or
 * that claims more than MAX_RECORD_BYTES) is skipped by scanning for the next sound header. A record cut short by
 * the end of the file is reported when `final`, else left for a later read (a file still being written).
 */
export function readRecords(path: string, from: number, final: boolean, maxRecordBytes = MAX_RECORD_BYTES): RecordsRead {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const records: TfRecord[] = [];
    const problems: RecordProblem[] = [];
    let at = from;
    while (at < size) {
      const header = readAt(fd, at, Math.min(HEADER_BYTES, size - at));
      if (header.length < HEADER_BYTES) {
        if (final) problems.push({ offset: at, message: `truncated record header: the file ends ${size - at} bytes after it starts` });
        return { records, problems, end: final ? size : at };
      }
      const length = headerLength(header, maxRecordBytes);
      if (typeof length === 'string') {
        const next = nextHeader(fd, at + 1, size, maxRecordBytes);
        problems.push({
          offset: at,
          message: `${length}; skipped ${(next ?? size) - at} bytes${next === null ? ' to the end of the file' : ` to the next sound record at byte ${next}`}`,
        });
        if (next === null) return { records, problems, end: size };
        at = next;
        continue;
      }
      const total = HEADER_BYTES + length + 4;
      if (at + total > size) {
        if (final)
          problems.push({
            offset: at,
            message: `truncated record: it claims ${length} bytes of data but the file ends ${size - at - HEADER_BYTES} bytes after its header`,
          });
        return { records, problems, end: final ? size : at };
      }
      const body = readAt(fd, at + HEADER_BYTES, length + 4);
      const data = body.subarray(0, length);
      if (maskedCrc32c(data) !== body.readUInt32LE(length))
        problems.push({ offset: at, message: `data checksum mismatch in a record of ${length} bytes; record skipped` });
      else records.push({ offset: at, data });
      at += total;
    }
    return { records, problems, end: at };
  } finally {
    closeSync(fd);
  }
}

/** The data length a 12-byte header declares, or why the header is not sound. */
function headerLength(header: Buffer, maxRecordBytes: number): number | string {
  if (maskedCrc32c(header.subarray(0, 8)) !== header.readUInt32LE(8)) return 'record header checksum mismatch';
  const length = header.readBigUInt64LE(0);
  if (length > BigInt(maxRecordBytes))
    return `record length field says ${length} bytes (${formatBytes(length)}), more than the ${formatBytes(BigInt(maxRecordBytes))} a record may have`;
  return Number(length);
}

/** The offset of the next header from `from` whose length CRC holds, or null when none does before the end. */
function nextHeader(fd: number, from: number, size: number, maxRecordBytes: number): number | null {
  for (let start = from; start + HEADER_BYTES <= size; start += SCAN_WINDOW) {
    const window = readAt(fd, start, Math.min(SCAN_WINDOW + HEADER_BYTES - 1, size - start));
    for (let i = 0; i + HEADER_BYTES <= window.length; i++) {
      if (typeof headerLength(window.subarray(i, i + HEADER_BYTES), maxRecordBytes) === 'number') return start + i;
    }
  }
  return null;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buffer, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got < length ? buffer.subarray(0, got) : buffer;
}

function formatBytes(bytes: bigint): string {
  const gib = Number(bytes) / 2 ** 30;
  return gib >= 1 ? `${gib.toFixed(1)} GiB` : `${(Number(bytes) / 2 ** 20).toFixed(0)} MiB`;
}
