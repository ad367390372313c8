import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../lib/random.ts';
import { JS_DENSE_KERNELS } from '../../workers/training/fused/dense-kernels.ts';
import { intoWasmMemory } from '../../workers/training/fused/float-arena.ts';
import { WASM_SIMD, wasmDenseKernels } from '../../workers/training/fused/wasm-dense-kernels.ts';

/** The SIMD kernels against the plain loops, at widths that use the 16-, 4- and 1-column paths and none of them. */
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [7, 13, 3],
  [16, 4, 32],
  [5, 60, 128],
  [32, 128, 64],
  [3, 37, 21],
];

test('this runtime validates the hand-assembled SIMD module', () => {
  assert.equal(WASM_SIMD, true);
});

for (const [m, inputs, units] of SHAPES)
  test(`wasm SIMD dense kernels equal the JavaScript ones: ${m} rows, ${inputs} → ${units}`, () => {
    const rng = createRng(m * 1000 + inputs * 10 + units);
    const random = (n: number) => Float32Array.from({ length: n }, () => rng() - 0.5);
    const inputs_ = [random(m * inputs), random(inputs * units), random(units), random(m * units)];
    const outputs = [m * units, inputs * units, units, m * inputs].map((n) => new Float32Array(n).fill(Number.NaN));
    const { memory, views } = intoWasmMemory([...inputs_, ...outputs]);
    const [h, w, bias, dz, z, dw, dBias, dh] = views;
    const wasm = wasmDenseKernels(memory);
    wasm.forward(h, w, bias, z, m, inputs, units);
    wasm.weightGradient(h, dz, dw, dBias, m, inputs, units);
    wasm.inputGradient(dz, w, dh, m, inputs, units);
    const [jsZ, jsDw, jsDBias, jsDh] = outputs.map((o) => new Float32Array(o.length));
    JS_DENSE_KERNELS.forward(inputs_[0], inputs_[1], inputs_[2], jsZ, m, inputs, units);
    JS_DENSE_KERNELS.weightGradient(inputs_[0], inputs_[3], jsDw, jsDBias, m, inputs, units);
    JS_DENSE_KERNELS.inputGradient(inputs_[3], inputs_[1], jsDh, m, inputs, units);
    for (const [name, got, want] of [
      ['forward', z, jsZ],
      ['weight gradient', dw, jsDw],
      ['bias gradient', dBias, jsDBias],
      ['input gradient', dh, jsDh],
    ] as const)
      for (let i = 0; i < want.length; i++)
        assert.ok(Math.abs(got[i] - want[i]) <= 1e-5 * Math.max(1, Math.abs(want[i])), `${name}[${i}]: ${got[i]} vs ${want[i]}`);
  });
