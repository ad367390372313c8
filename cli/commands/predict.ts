import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeImages, encodeTableRows } from '../../datasets/apply-preprocessing.ts';
import { readCsvFile } from '../../datasets/csv.ts';
import { readDataFile } from '../../datasets/files.ts';
import { targetsInOriginalUnits } from '../../datasets/standardisation.ts';
import { MAX_NPY_BYTES, parseNpy } from '../../datasets/npy.ts';
import { tableFromRecords } from '../../datasets/table.ts';
import type { Preprocessing } from '../../datasets/types.ts';
import { selectBackend } from '../../workers/backend/select-backend.ts';
import { terminalText } from '../format.ts';
import type { CommandArgs } from '../main.ts';
import { UsageError } from '../usage-error.ts';

type Tf = Awaited<ReturnType<typeof selectBackend>>['tf'];

/** `predict MODEL_DIR INPUT`: loads an exported model with its preprocessing and prints one CSV line per input row. */
export async function predictCommand(args: CommandArgs): Promise<number> {
  const [modelDir, input] = args.positionals;
  if (!modelDir || !input) throw new UsageError('predict: needs MODEL_DIR (from tuneboard export) and INPUT (a .csv, or .npy images)');
  const preprocessing = await readJsonFile<Preprocessing>(join(modelDir, 'preprocessing.json'));
  checkPreprocessing(preprocessing, join(modelDir, 'preprocessing.json'));
  checkTargetScaling(preprocessing, join(modelDir, 'preprocessing.json'));
  const { x, n } = await encodeInput(input, preprocessing);
  // The backend trials train on (wasm unless a native binding is installed), so predictions match their test scores.
  const { tf } = await selectBackend('auto');
  const model = await loadExportedModel(tf, modelDir);
  const rowShape = preprocessing.kind === 'tabular' ? [preprocessing.featureNames.length] : preprocessing.inputShape;
  const output = tf.tidy(() => model.predict(tf.tensor(x, [n, ...rowShape], 'float32')) as import('@tensorflow/tfjs').Tensor);
  const values = (await output.array()) as number[][];
  output.dispose();
  model.dispose();
  const classes = preprocessing.classes;
  // Regression models output the standardised target; answered in the target's own units.
  const targets = classes
    ? []
    : targetsInOriginalUnits(
        values.map((row) => row[0]),
        preprocessing.targetScaling,
      );
  console.log(['row', 'prediction', ...(classes ?? []).map((c) => `p(${c})`)].map(csvField).join(','));
  values.forEach((row, i) => {
    // A row of NaN (a model whose weights went NaN) has no largest probability: its prediction is NaN, not a crash.
    const prediction = classes ? (classes[row.indexOf(Math.max(...row))] ?? 'NaN') : String(targets[i]);
    console.log([String(i + 1), prediction, ...(classes ? row.map(String) : [])].map(csvField).join(','));
  });
  return 0;
}

/** A damaged scaling would turn every prediction into NaN without a word. */
function checkTargetScaling(preprocessing: Preprocessing, path: string): void {
  const scaling = preprocessing.targetScaling as { mean?: unknown; std?: unknown } | undefined;
  if (scaling === undefined) return;
  const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  if (!finite(scaling?.mean) || !finite(scaling?.std) || (scaling.std as number) <= 0) {
    throw new UsageError(`predict: ${path}: "targetScaling" must be {"mean": a number, "std": a number > 0}`);
  }
}

/** The fields encoding reads: a damaged file is named here rather than failing inside the encoder. */
function checkPreprocessing(p: Preprocessing, path: string): void {
  const usable =
    p?.kind === 'tabular'
      ? Array.isArray(p.columns) && Array.isArray(p.featureNames)
      : p?.kind === 'image' && Array.isArray(p.inputShape) && typeof p.pixelDivisor === 'number';
  if (!usable)
    throw new UsageError(
      `predict: ${path}: not the preprocessing of a model from tuneboard export (a "kind" of "tabular" with its columns, or "image" with its inputShape)`,
    );
}

async function encodeInput(input: string, preprocessing: Preprocessing): Promise<{ x: Float32Array; n: number }> {
  if (preprocessing.kind === 'image') {
    if (!input.endsWith('.npy')) throw new UsageError(`predict: an image model reads .npy images, not ${input}`);
    return encodeImages(parseNpy(await readDataFile(input, input, MAX_NPY_BYTES), input), preprocessing, input);
  }
  if (/\.npy$/i.test(input))
    throw new UsageError(
      `predict: this model reads CSV rows with the columns ${preprocessing.columns.map((c) => c.name).join(', ')}, not a .npy file (${input})`,
    );
  const table = tableFromRecords(await readCsvFile(input, input), input);
  return { x: encodeTableRows(table, preprocessing), n: table.lines.length };
}

/** Reads model.json and its weight files (TF.js layers format) from a folder, without a file:// handler (no tfjs-node). */
export async function loadExportedModel(tf: Tf, modelDir: string) {
  const path = join(modelDir, 'model.json');
  const json = await readJsonFile<{
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: import('@tensorflow/tfjs').io.WeightsManifestEntry[] }[];
  }>(path);
  try {
    const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
    const buffers = await Promise.all(json.weightsManifest.flatMap((group) => group.paths).map((file) => readFile(join(modelDir, file))));
    const weightData = tf.io.concatenateArrayBuffers(
      buffers.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer),
    );
    return await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData }));
  } catch (error) {
    // TF.js says what it could not build (a layer, a weight's size); the file is what the user can act on.
    throw new UsageError(
      `predict: ${path}: cannot be loaded as a TF.js layers model with its weights (${(error as Error).message.split('\n')[0]}); export the model again with tuneboard export`,
    );
  }
}

async function readJsonFile<T>(path: string): Promise<T> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw new UsageError(`predict: cannot read ${path}; is this a folder written by tuneboard export?`);
  });
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new UsageError(`predict: ${path}: not valid JSON (${(error as Error).message}); export the model again with tuneboard export`);
  }
}

/** A CSV field for the terminal: class names come from training data, so control characters are escaped too. */
function csvField(text: string): string {
  const shown = terminalText(text);
  return /[",]/.test(shown) ? `"${shown.replaceAll('"', '""')}"` : shown;
}
