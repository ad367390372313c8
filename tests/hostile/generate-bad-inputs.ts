/**
 * Bad inputs too big to commit, built when the test runs. Each name is a `generated` entry of
 * tests/fixtures/bad/cases.json; the bytes are a spec file, a CSV file, or a request body.
 */

const encode = (text: string) => new TextEncoder().encode(text);
const SPEC_HEAD = '{"name": "bad", "dataset": {"source": "penguins"}, "model": {"family": "mlp"}, ';

function nested(depth: number, open: string, close: string, inner: string): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}

/** A spec padded to `bytes` with spaces in its description. */
function paddedSpec(bytes: number): string {
  const head = `${SPEC_HEAD}"description": "`;
  return `${head + ' '.repeat(bytes - head.length - 2)}"}`;
}

/** A CSV with one header row and `rows` data rows, each made by `row(i)`. */
function csv(header: string, rows: number, row: (i: number) => string): Uint8Array {
  const lines = [header];
  for (let i = 0; i < rows; i++) lines.push(row(i));
  return encode(`${lines.join('\n')}\n`);
}

const GENERATORS: Record<string, () => Uint8Array> = {
  'ten-megabytes': () => encode(paddedSpec(10_000_000)),
  'deeply-nested': () => encode(`${SPEC_HEAD}"description": ${nested(100_000, '[', ']', '1')}}`),
  'hundred-thousand-columns': () =>
    csv([...Array.from({ length: 99_999 }, (_, i) => `c${i}`), 'y'].join(','), 2, (i) => `${'1,'.repeat(99_999)}${i}`),
  'long-column-name': () => csv(`${'n'.repeat(5000)},y`, 2, (i) => `${i},${i}`),
  'id-column': () => csv('id,x,y', 3000, (i) => `user-${i},${i % 7},${i % 2 ? 'a' : 'b'}`),
  'too-many-classes': () => csv('x,y', 1001, (i) => `${i},class-${i}`),
  'ten-megabytes-studies': () => encode(`{"spec": ${paddedSpec(10_000_000)}}`),
  'ten-megabytes-study-control': () => encode(`{"action": "pause", "pad": "${' '.repeat(10_000_000)}"}`),
  'ten-megabytes-trial-control': () => encode(`{"action": "cancel", "pad": "${' '.repeat(10_000_000)}"}`),
  'ten-megabytes-estimate': () => encode(`{"family": "mlp", "dataset": {"source": "penguins"}, "pad": "${' '.repeat(10_000_000)}"}`),
  'ten-megabytes-export': () => encode(`{"columns": ["id"], "trials": [${'1,'.repeat(5_000_000)}1]}`),
  'ten-megabytes-chunked': () => encode(`{"spec": ${paddedSpec(10_000_000)}}`),
  'upload-over-20-megabytes': () => csv('x,y', 2_500_000, (i) => `${i % 10_000}.125,${i % 2}`),
  'deeply-nested-estimate': () => encode(`{"family": "mlp", "dataset": ${nested(100_000, '{"a": ', '}', '1')}}`),
};

export function generateBadInput(name: string): Uint8Array {
  const generate = GENERATORS[name];
  if (!generate) throw new Error(`no generator for "${name}"`);
  return generate();
}
