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
export function computeTestScores(model: tf.LayersModel, test: SplitTensors, data: PreparedData, batchSize: number): TestScores | null {
  if (test.n === 0) return null;
  const [loss, predicted] = tf.tidy(() => {
    const evaluated = model.evaluate(test.x, test.y, { batchSize }) as tf.Scalar[];
    const output = model.predict(test.x, { batchSize }) as tf.Tensor;
    const values = data.task === 'classification' ? output.argMax(-1) : output.reshape([-1]);
    return [evaluated[0].dataSync()[0], values.dataSync()] as const;
  });
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
