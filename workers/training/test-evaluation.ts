import * as tf from '@tensorflow/tfjs';
import type { PreparedData } from '../../datasets/types.ts';
import type { SplitTensors } from './epoch-data.ts';
import { classificationScores, regressionScores, type TestScores } from './test-scores.ts';

/** Scores the trained model on the held-out test split; the test split plays no part in tuning. */
export function computeTestScores(model: tf.LayersModel, test: SplitTensors, data: PreparedData, batchSize: number): TestScores | null {
  if (test.n === 0) return null;
  const [loss, predicted] = tf.tidy(() => {
    const evaluated = model.evaluate(test.x, test.y, { batchSize }) as tf.Scalar[];
    const output = model.predict(test.x, { batchSize }) as tf.Tensor;
    const values = data.task === 'classification' ? output.argMax(-1) : output.reshape([-1]);
    return [evaluated[0].dataSync()[0], values.dataSync()] as const;
  });
  return data.task === 'classification'
    ? classificationScores(data.test.y, predicted, data.classes!, loss)
    : regressionScores(data.test.y, predicted, loss);
}
