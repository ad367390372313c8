import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32c, maskedCrc32c } from '../../../lib/tensorboard/crc32c.ts';

test('CRC-32C matches the standard check value and the iSCSI test vectors (RFC 3720 B.4)', () => {
  assert.equal(crc32c(new TextEncoder().encode('123456789')), 0xe3069283);
  assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa);
  assert.equal(crc32c(new Uint8Array(32).fill(0xff)), 0x62a8ab43);
  assert.equal(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i)), 0x46dd794e);
  assert.equal(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i)), 0x113fdb5c);
  assert.equal(crc32c(new Uint8Array(0)), 0);
});

test('the mask rotates right by 15 bits and adds 0xa282ead8, as TensorFlow does (crc32c.py of tensorboardX)', () => {
  // 0xe3069283 rotated right by 15 is 0x2507c60d; plus 0xa282ead8, modulo 2^32.
  assert.equal(maskedCrc32c(new TextEncoder().encode('123456789')), 0xc78ab0e5);
});
