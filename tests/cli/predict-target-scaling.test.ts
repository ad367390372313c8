import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import type { TabularPreprocessing } from '../../datasets/types.ts';
import { modelJson, WEIGHTS_FILE } from '../../tuner/model-store.ts';
import { tempDir } from '../helpers/temp.ts';

const run = promisify(execFile);
const cli = (...args: string[]) => run(process.execPath, ['bin/tuneboard.mjs', ...args]);

const preprocessing: TabularPreprocessing = {
  kind: 'tabular',
  target: 'y',
  missing: 'drop',
  featureNames: ['a'],
  columns: [{ name: 'a', kind: 'numeric', mean: 0, std: 1 }],
};

/** An exported regression model whose output is 2a + 0.5, with the preprocessing.json given. */
async function writeModel(dir: string, saved: object): Promise<void> {
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 1, inputShape: [1], weights: [tf.tensor2d([[2]]), tf.tensor1d([0.5])] })],
  });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, 'model.json'),
        JSON.stringify(modelJson({ modelTopology: artifacts.modelTopology as object, weightSpecs: artifacts.weightSpecs ?? [] })),
      );
      writeFileSync(join(dir, WEIGHTS_FILE), new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData)));
      writeFileSync(join(dir, 'preprocessing.json'), JSON.stringify(saved));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  model.dispose();
}

const predictions = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => Number(line.split(',')[1]));

describe('predict and regression target scaling', () => {
  const dir = tempDir();
  const input = join(dir, 'input.csv');
  before(() => writeFileSync(input, 'a\n1\n-3\n'));

  test('a model saved before targets were standardised predicts its outputs as they are', async () => {
    await writeModel(join(dir, 'old'), preprocessing);
    assert.deepEqual(predictions((await cli('predict', join(dir, 'old'), input)).stdout), [2.5, -5.5]);
  });

  test("a model with target scaling predicts in the target's own units: output × std + mean", async () => {
    await writeModel(join(dir, 'scaled'), { ...preprocessing, targetScaling: { mean: 100, std: 10 } });
    assert.deepEqual(predictions((await cli('predict', join(dir, 'scaled'), input)).stdout), [125, 45]);
  });

  test('a damaged target scaling is refused with one sentence naming the file', async () => {
    await writeModel(join(dir, 'damaged'), { ...preprocessing, targetScaling: { mean: 'x', std: 10 } });
    const error = await cli('predict', join(dir, 'damaged'), input).catch((e) => e);
    assert.equal(error.code, 2);
    assert.match(error.stderr, /preprocessing\.json: "targetScaling" must be \{"mean": a number, "std": a number > 0\}/);
    assert.doesNotMatch(error.stderr, /\n\s+at /);
  });
});
