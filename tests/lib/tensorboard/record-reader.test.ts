import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { maskedCrc32c } from '../../../lib/tensorboard/crc32c.ts';
import { readRecords } from '../../../lib/tensorboard/record-reader.ts';
import { frameRecord } from '../../../lib/tensorboard/record-writer.ts';
import { tempDir } from '../../helpers/temp.ts';

const dir = tempDir();
const bytes = (text: string) => new TextEncoder().encode(text);
let n = 0;
function file(...chunks: Uint8Array[]): string {
  const path = join(dir, `events.out.tfevents.${n++}`);
  writeFileSync(path, Buffer.concat(chunks));
  return path;
}
const texts = (path: string, from = 0, final = true) => readRecords(path, from, final).records.map((r) => new TextDecoder().decode(r.data));

/** A header claiming `length` bytes with a sound length CRC. */
function header(length: bigint): Buffer {
  const out = Buffer.alloc(12);
  out.writeBigUInt64LE(length, 0);
  out.writeUInt32LE(maskedCrc32c(out.subarray(0, 8)), 8);
  return out;
}

test('reads every record with its offset, and where the next read starts', () => {
  const path = file(frameRecord(bytes('one')), frameRecord(bytes('two')));
  const read = readRecords(path, 0, true);
  assert.deepEqual(texts(path), ['one', 'two']);
  assert.deepEqual(
    read.records.map((r) => r.offset),
    [0, 19],
  );
  assert.equal(read.end, 38);
  assert.deepEqual(read.problems, []);
  assert.deepEqual(texts(path, 19), ['two']);
});

test('a data checksum mismatch skips that record, reported with its byte offset, and reading goes on', () => {
  const bad = frameRecord(bytes('bad'));
  bad[13] ^= 0xff;
  const path = file(frameRecord(bytes('one')), bad, frameRecord(bytes('three')));
  const read = readRecords(path, 0, true);
  assert.deepEqual(texts(path), ['one', 'three']);
  assert.deepEqual(read.problems, [{ offset: 19, message: 'data checksum mismatch in a record of 3 bytes; record skipped' }]);
});

test('a header checksum mismatch is skipped up to the next sound record', () => {
  const bad = frameRecord(bytes('bad'));
  bad[9] ^= 0xff;
  const path = file(frameRecord(bytes('one')), bad, frameRecord(bytes('three')));
  const read = readRecords(path, 0, true);
  assert.deepEqual(texts(path), ['one', 'three']);
  assert.equal(read.problems.length, 1);
  assert.equal(read.problems[0].offset, 19);
  assert.match(read.problems[0].message, /record header checksum mismatch; skipped 19 bytes to the next sound record at byte 38/);
});

test('a 2 GB length field is refused as corrupt, not allocated, and the records after it are read', () => {
  const path = file(frameRecord(bytes('one')), header(2n ** 31n), frameRecord(bytes('after')));
  const read = readRecords(path, 0, true);
  assert.deepEqual(texts(path), ['one', 'after']);
  assert.match(read.problems[0].message, /record length field says 2147483648 bytes \(2\.0 GiB\), more than the 256 MiB a record may have/);
  assert.equal(read.problems[0].offset, 19);
});

test('a record cut short is reported when the file is final, and left for later while it is being written', () => {
  const whole = frameRecord(bytes('second'));
  const path = file(frameRecord(bytes('one')), whole.subarray(0, 15));
  const live = readRecords(path, 0, false);
  assert.deepEqual(live.problems, []);
  assert.equal(live.end, 19, 'the next read starts at the cut record');
  const final = readRecords(path, 0, true);
  assert.match(final.problems[0].message, /^truncated record: it claims 6 bytes of data but the file ends 3 bytes after its header$/);
  assert.equal(final.problems[0].offset, 19);
  appendFileSync(path, whole.subarray(15));
  assert.deepEqual(texts(path, live.end, false), ['second'], 'the rest, once written, is read from where the last read stopped');
});

test('a header cut short is reported at its offset', () => {
  const path = file(frameRecord(bytes('one')), Buffer.from([1, 2, 3]));
  assert.deepEqual(readRecords(path, 0, true).problems, [
    { offset: 19, message: 'truncated record header: the file ends 3 bytes after it starts' },
  ]);
});

test('garbage with no sound header is skipped to the end of the file', () => {
  const path = file(frameRecord(bytes('one')), Buffer.alloc(100, 0x41));
  const read = readRecords(path, 0, true);
  assert.deepEqual(texts(path), ['one']);
  assert.match(read.problems[0].message, /skipped 100 bytes to the end of the file/);
  assert.equal(read.end, 119);
});
