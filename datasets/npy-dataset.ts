import { resolve } from 'node:path';
import { DEFAULT_TEST, type NpyDatasetSpec } from '../spec/dataset-spec.ts';
import { DatasetError } from './errors.ts';
import { readDataFile } from './files.ts';
import { prepareImageData } from './image-data.ts';
import { MAX_NPY_BYTES, parseNpy } from './npy.ts';
import { checkSeveralClasses, toImages, toLabels, type Images, type Labels } from './npy-arrays.ts';
import type { PreparedData, Split, Task } from './types.ts';

async function readNpyFile(baseDir: string, path: string) {
  return parseNpy(await readDataFile(resolve(baseDir, path), path, MAX_NPY_BYTES), path);
}

/** Reads one pair of image and label files and checks that they agree. */
async function loadPair(baseDir: string, imagesPath: string, labelsPath: string, task: Task): Promise<{ images: Images; labels: Labels }> {
  const images = toImages(await readNpyFile(baseDir, imagesPath), imagesPath);
  const labels = toLabels(await readNpyFile(baseDir, labelsPath), task, labelsPath);
  if (labels.y.length !== images.n) {
    throw new DatasetError(`${labelsPath} has ${labels.y.length} labels but ${imagesPath} has ${images.n} images`);
  }
  return { images, labels };
}

function toSplit({ images, labels }: { images: Images; labels: Labels }): Split {
  return { x: images.x, y: labels.y, n: images.n };
}

/** Class names are the class indices, "0" to "K-1". */
function classNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(i));
}

/** Images and labels from .npy files; relative paths are resolved against `baseDir`. */
export async function prepareNpyDataset(spec: NpyDatasetSpec, task: Task, baseDir: string): Promise<PreparedData> {
  const files = spec.npy;
  const train = await loadPair(baseDir, files.train_images, files.train_labels, task);
  const test =
    files.test_images !== undefined && files.test_labels !== undefined
      ? await loadPair(baseDir, files.test_images, files.test_labels, task)
      : undefined;
  const shape = train.images.inputShape;
  if (test && test.images.inputShape.join() !== shape.join()) {
    const [got, want] = [test.images.inputShape, shape].map((s) => s.join('×'));
    throw new DatasetError(`${files.test_images} has images of shape ${got} but ${files.train_images} has ${want}`);
  }
  if (task === 'classification') checkSeveralClasses(train.labels, files.train_labels);
  const classCount = Math.max(train.labels.classCount ?? 0, test?.labels.classCount ?? 0);
  return prepareImageData(toSplit(train), test && toSplit(test), {
    task,
    inputShape: shape,
    ...(task === 'classification' && { classes: classNames(classCount) }),
    pixelDivisor: train.images.pixelDivisor,
    validation: spec.validation,
    test: spec.test ?? DEFAULT_TEST,
    seed: spec.seed,
    limit: spec.limit,
  });
}
