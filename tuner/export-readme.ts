import type { Preprocessing } from '../datasets/types.ts';
import type { TrialModelMeta } from './model-store.ts';

function describeInputs(p: Preprocessing): string {
  if (p.kind === 'image') {
    return `Images of shape [${p.inputShape.join(', ')}] (height, width, channels); raw pixel values are divided by ${p.pixelDivisor}.`;
  }
  const columns = p.columns.map((c) =>
    c.kind === 'numeric'
      ? `- \`${c.name}\`: numeric, standardised as (value - ${c.mean}) / ${c.std}; missing → 0`
      : `- \`${c.name}\`: categorical, one-hot over ${JSON.stringify(c.categories)}`,
  );
  return `CSV columns, in this order, become ${p.featureNames.length} model inputs (\`featureNames\` in preprocessing.json):\n\n${columns.join('\n')}`;
}

function describeOutputs(meta: TrialModelMeta, p: Preprocessing): string {
  if (meta.task === 'regression') {
    const t = p.targetScaling;
    return t
      ? `One number per row: the standardised target; the prediction is output × ${t.std} + ${t.mean} (\`targetScaling\` in preprocessing.json), in the target's own units. \`tuneboard predict\` does this for you.`
      : 'One number per row: the predicted target.';
  }
  return `Softmax probabilities over the classes ${JSON.stringify(p.classes ?? [])}, in that order; the prediction is the most probable.`;
}

/** The README.md of an exported model: what it is, its inputs, and how to load it in Node and in Python Keras. */
export function exportReadme(meta: TrialModelMeta, p: Preprocessing): string {
  const scores = meta.testScores
    ? `\`\`\`json\n${JSON.stringify(
        meta.testScores.kind === 'classification'
          ? { accuracy: meta.testScores.accuracy, macro_f1: meta.testScores.macro_f1, loss: meta.testScores.loss }
          : meta.testScores,
        null,
        2,
      )}\n\`\`\``
    : 'No test split, so no test scores.';
  return `# ${meta.studyName}, trial ${meta.trialNumber} (id ${meta.trialId})

A TensorFlow.js layers model trained by Tuneboard (${meta.task}).
Objective: ${meta.objective.metric} (${meta.objective.direction}) = ${meta.objective.value}.

| file | what |
| --- | --- |
| \`model.json\`, \`weights.bin\` | the TF.js layers model: topology and weights |
| \`preprocessing.json\` | how raw inputs become model inputs (below) |
| \`trial.json\` | the trial's hyperparameters, objective and test-set scores |

Hyperparameters: \`${JSON.stringify(meta.params)}\`

Test-set scores:

${scores}

## Inputs and outputs

${describeInputs(p)}

Outputs: ${describeOutputs(meta, p)}

## Check it

\`\`\`sh
npx tuneboard predict THIS_FOLDER input.csv   # or images.npy for an image model
\`\`\`

## Load it in Node

\`\`\`js
import * as tf from '@tensorflow/tfjs-node'; // or @tensorflow/tfjs with a file-reading IO handler
const model = await tf.loadLayersModel('file://./model.json');
const probabilities = model.predict(tf.tensor2d(inputs, [rows, ${p.kind === 'tabular' ? p.featureNames.length : 'H * W * C'}]));
\`\`\`

Apply \`preprocessing.json\` to the raw values first (standardise, one-hot, divide pixels), exactly as above${p.targetScaling ? ", and turn the outputs back into the target's units" : ''}.

## Convert it for Python Keras

\`\`\`sh
pip install tensorflowjs
tensorflowjs_converter --input_format=tfjs_layers_model --output_format=keras model.json model.h5
\`\`\`

\`\`\`python
import tensorflow as tf
model = tf.keras.models.load_model("model.h5")
\`\`\`
`;
}
