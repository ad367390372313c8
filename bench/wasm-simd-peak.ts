/**
 * The single-thread peak of 128-bit wasm SIMD on this machine, measured: a hand-assembled wasm function keeps
 * CHAINS independent f32x4 multiply-then-add chains busy (wasm SIMD has no fused multiply-add), so each loop
 * iteration does CHAINS × 2 vector ops of 4 lanes. Enough chains hide the ops' latency, so the rate is bound by
 * the CPU's vector ports: the most any single-threaded wasm SIMD kernel can compute here.
 */
import { F32, I32, op, V128, wasmModule, whileNot } from '../workers/training/fused/wasm-assembler.ts';

const CHAINS = 16;
const FLOPS_PER_ITERATION = CHAINS * 2 * 4;

/** peak(iterations: i32) → f32: the loop, then the chains summed so that none is dead code. */
function peakModule(): Uint8Array<ArrayBuffer> {
  const iterations = 0;
  const chains = Array.from({ length: CHAINS }, (_, k) => k + 1);
  const [multiplier, increment] = [CHAINS + 1, CHAINS + 2];
  const splat = (value: number, local: number) => [...op.f32(value), ...op.f32x4Splat, ...op.set(local)];
  return wasmModule([
    {
      name: 'peak',
      params: [I32],
      results: [F32],
      locals: new Array(CHAINS + 2).fill(V128),
      code: [
        ...splat(0.999, multiplier),
        ...splat(0.001, increment),
        ...whileNot(
          [...op.get(iterations), ...op.i32Eqz],
          [
            ...chains.flatMap((k) => [
              ...op.get(k),
              ...op.get(multiplier),
              ...op.f32x4Mul,
              ...op.get(increment),
              ...op.f32x4Add,
              ...op.set(k),
            ]),
            ...op.get(iterations),
            ...op.i32(1),
            ...op.i32Sub,
            ...op.set(iterations),
          ],
        ),
        ...op.get(1),
        ...chains.slice(1).flatMap((k) => [...op.get(k), ...op.f32x4Add]),
        ...op.f32x4ExtractLane(0),
      ],
    },
  ]);
}

/** GFLOP/s: the best of several timed runs of about 0.2 s each, after a warm-up that lets V8 optimise. */
export async function measureWasmSimdPeak(): Promise<{ gflops: number; chains: number }> {
  const { instance } = await WebAssembly.instantiate(peakModule());
  const peak = instance.exports.peak as (iterations: number) => number;
  const iterations = 10_000_000;
  peak(iterations / 10);
  let best = 0;
  for (let run = 0; run < 7; run++) {
    const started = performance.now();
    peak(iterations);
    best = Math.max(best, (iterations * FLOPS_PER_ITERATION) / ((performance.now() - started) * 1e6));
  }
  return { gflops: best, chains: CHAINS };
}
