import { readFile } from 'node:fs/promises';
import type { Split } from '../types.ts';
import { packageFile } from './package-files.ts';

export const MNIST_SHAPE = [28, 28, 1];
const PIXELS = 28 * 28;

let cache: Promise<Split> | undefined;

/**
 * The `mnist` package's 10,000 digits, all of them, in digit order. The package ships one
 * JSON file per digit, `{"data": [...]}`, pixels already divided by 255 (rounded to 3 places)
 * and laid out 784 per image; its own API draws with Math.random, so we read the files.
 */
export function loadMnist(): Promise<Split> {
  if (!cache) {
    cache = readMnist();
    cache.catch(() => {
      cache = undefined;
    });
  }
  return cache;
}

async function readMnist(): Promise<Split> {
  const digits = await Promise.all(
    Array.from({ length: 10 }, async (_, digit) => {
      const path = packageFile('mnist', `src/digits/${digit}.json`, 'mnist');
      return (JSON.parse(await readFile(path, 'utf8')) as { data: number[] }).data;
    }),
  );
  const n = digits.reduce((sum, pixels) => sum + pixels.length / PIXELS, 0);
  const x = new Float32Array(n * PIXELS);
  const y = new Float32Array(n);
  let offset = 0;
  digits.forEach((pixels, digit) => {
    x.set(pixels, offset * PIXELS);
    y.fill(digit, offset, offset + pixels.length / PIXELS);
    offset += pixels.length / PIXELS;
  });
  return { x, y, n };
}
