import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confusionHeight, rowNormalise, toConfusionOption } from '../../../app/charts/confusion-option.ts';

type Cell = { name: string; value: [number, number, number, number]; label: { color: string } };
const cellsOf = (option: ReturnType<typeof toConfusionOption>) => (option.series as { data: Cell[] }[])[0].data;

test('row normalisation divides each actual class by its support, so the diagonal is recall', () => {
  assert.deepEqual(
    rowNormalise([
      [3, 1],
      [0, 4],
    ]),
    [
      [0.75, 0.25],
      [0, 1],
    ],
  );
});

test('a class with no test examples gives a row of zeros, not NaN', () => {
  assert.deepEqual(
    rowNormalise([
      [0, 0],
      [1, 1],
    ]),
    [
      [0, 0],
      [0.5, 0.5],
    ],
  );
});

test('one cell per pair, placed at [predicted, actual] with its share and count', () => {
  const cells = cellsOf(
    toConfusionOption(
      [
        [3, 1],
        [2, 0],
      ],
      ['a', 'b'],
    ),
  );
  assert.equal(cells.length, 4);
  assert.deepEqual(
    cells.map((c) => c.value),
    [
      [0, 0, 0.75, 3],
      [1, 0, 0.25, 1],
      [0, 1, 1, 2],
      [1, 1, 0, 0],
    ],
  );
});

test('cells are annotated with their count, not their share', () => {
  const option = toConfusionOption(
    [
      [3, 1],
      [2, 0],
    ],
    ['a', 'b'],
  );
  const label = (option.series as { label: { show: boolean; formatter: string } }[])[0].label;
  assert.equal(label.show, true);
  assert.equal(label.formatter, '{@[3]}');
});

test('colour maps the row share (dimension 2) over 0..1', () => {
  const visualMap = toConfusionOption([[1]], ['a']).visualMap as { dimension: number; min: number; max: number };
  assert.deepEqual([visualMap.dimension, visualMap.min, visualMap.max], [2, 0, 1]);
});

test('predicted classes run along x and actual classes down y, first class on top', () => {
  const option = toConfusionOption(
    [
      [1, 0],
      [0, 1],
    ],
    ['cat', 'dog'],
  ) as { xAxis: { data: string[]; name: string }; yAxis: { data: string[]; name: string; inverse: boolean } };
  assert.deepEqual([option.xAxis.name, option.xAxis.data], ['Predicted', ['cat', 'dog']]);
  assert.deepEqual([option.yAxis.name, option.yAxis.data, option.yAxis.inverse], ['Actual', ['cat', 'dog'], true]);
});

test('dark cells get white text, light cells dark text and empty cells grey', () => {
  const cells = cellsOf(toConfusionOption([[9, 1, 0]], ['a', 'b', 'c']));
  assert.deepEqual(
    cells.map((c) => c.label.color),
    ['#ffffff', '#1d2330', '#b8bec9'],
  );
});

test('the tooltip names the actual and predicted class, the count and the row share', () => {
  const cells = cellsOf(
    toConfusionOption(
      [
        [3, 1],
        [0, 4],
      ],
      ['Adelie', 'Gentoo'],
    ),
  );
  assert.equal(cells[1].name, 'actual Adelie → predicted Gentoo: 1 (25.0% of Adelie)');
});

test('the option is plain data, so a server component can hand it to the chart', () => {
  const option = toConfusionOption(
    [
      [1, 2],
      [3, 4],
    ],
    ['a', 'b'],
  );
  assert.deepEqual(JSON.parse(JSON.stringify(option)), option);
});

test('counts are hidden when there are too many classes to read them', () => {
  const k = 25;
  const confusion = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 5 : 0)));
  const option = toConfusionOption(
    confusion,
    confusion.map((_, i) => String(i)),
  );
  assert.equal((option.series as { label: { show: boolean } }[])[0].label.show, false);
});

test('the chart grows with the number of classes, within bounds', () => {
  assert.ok(confusionHeight(10) > confusionHeight(3));
  assert.equal(confusionHeight(2), 220);
  assert.equal(confusionHeight(1000), 720);
});

test('the Actual axis title clears the longest class name', () => {
  const gap = (labels: string[]) => (toConfusionOption([[1]], labels).yAxis as { nameGap: number }).nameGap;
  assert.ok(gap(['Chinstrap']) > gap(['0']));
});
