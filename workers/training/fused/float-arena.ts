/** WebAssembly pages are 64 KiB. */
const PAGE_BYTES = 65_536;
/** Byte offset 0 stays unused, so that the kernels can take 0 as "no array". */
const FIRST_OFFSET = 16;

/**
 * Copies arrays into one new WebAssembly.Memory, each 16-byte aligned, and answers views of it in the same order:
 * what the wasm kernels read and write. The memory never grows, so the views stay valid.
 */
export function intoWasmMemory(arrays: Float32Array[]): { memory: WebAssembly.Memory; views: Float32Array[] } {
  const offsets: number[] = [];
  let end = FIRST_OFFSET;
  for (const array of arrays) {
    offsets.push(end);
    end += Math.ceil(array.byteLength / 16) * 16;
  }
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(end / PAGE_BYTES)) });
  const views = arrays.map((array, i) => {
    const view = new Float32Array(memory.buffer, offsets[i], array.length);
    view.set(array);
    return view;
  });
  return { memory, views };
}
