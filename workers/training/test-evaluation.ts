import * as tf from '@tensorflow/tfjs';
import { targetsInOriginalUnits } from '../../datasets/standardisation.ts';
import type { PreparedData } from '../../datasets/types.ts';
import type { SplitTensors } from './epoch-data.ts';
import { inTargetUnits } from './target-units.ts';
import { classificationScores, majorityBaseline, meanBaseline, regressionScores, type TestScores } from './test-scores.ts';

/**
 * Scores the trained model on the held-out test split (which plays no part in tuning), regression in the target's own
 * units, with the naive baseline's scores beside them.
 */
export async function computeTestScores(
  model: tf.LayersModel,
  test: SplitTensors,
  data: PreparedData,
  batchSize: number,
): Promise<TestScores | null> {
  if (test.n === 0) return null;
  const [lossTensor, valuesTensor] = tf.tidy(() => {
    const evaluated = model.evaluate(test.x, test.y, { batchSize }) as tf.Scalar[];
    const output = model.predict(test.x, { batchSize }) as tf.Tensor;
    return [evaluated[0], data.task === 'classification' ? output.argMax(-1) : output.reshape([-1])];
  });
  // Read asynchronously: a synchronous read from a GPU backend (WebGPU in a browser worker) stalls, or fails.
  const [loss, predicted] = await Promise.all([lossTensor.data().then((v) => v[0]), valuesTensor.data()]).finally(() =>
    tf.dispose([lossTensor, valuesTensor]),
  );
  if (data.task === 'classification') {
    return {
      ...classificationScores(data.test.y, predicted, data.classes!, loss),
      baseline: majorityBaseline(data.train.y, data.test.y, data.classes!),
    };
  }
  const scaling = data.preprocessing.targetScaling;
  const scores = regressionScores(data.test.y, targetsInOriginalUnits(predicted, scaling), inTargetUnits('loss', loss, scaling));
  return { ...scores, baseline: meanBaseline(data.train.y, data.test.y) };
}
