import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  anyCurveTurnsNaN,
  prunedLineCount,
  curveSeriesCount,
  curvesCharts,
  curveXs,
  chartLines,
  relativeTimeUnit,
  toCurvesOption,
  type CurvePoint,
  type CurvesChartInput,
  type CurveTrial,
} from '../../../app/charts/curves-option.ts';

const T0 = 1_700_000_000_000;
const curve = (values: (number | null)[], start = T0, stepMs = 1000): CurvePoint[] => values.map((v, i) => [i, v, start + i * stepMs]);
const trial = (id: number, curves: Record<string, CurvePoint[]>, color = `#00000${id}`, pruned: string | null = null): CurveTrial => ({
  id,
  label: `#${id}`,
  color,
  params: { units: id },
  pruned,
  curves,
});
const input = (trials: CurveTrial[]): CurvesChartInput => ({ key: 'loss', metrics: ['loss', 'val_loss'], trials });
const settings = { smoothing: 0, xAxis: 'step' as const, logY: false };

interface Series {
  id: string;
  type: string;
  silent?: boolean;
  data: unknown[];
  renderItem?: (params: { dataIndex: number }, api: { coord(p: number[]): number[] }) => Group;
}
interface Group {
  type: string;
  children: {
    type: string;
    shape: { points: [number, number][] };
    style: { stroke: string; lineDash: number[] | null; opacity: number };
  }[];
}
const seriesOf = (option: unknown) => (option as { series: Series[] }).series;

/** A line as the chart draws it: its name, its runs of points (renderItem with data coordinates for pixels) and style. */
interface DrawnLine {
  id: string;
  runs: [number, number][][];
  color: string | undefined;
  dashed: boolean;
  opacity: number | undefined;
}
const linesOf = (option: unknown, seriesId = 'lines'): DrawnLine[] => {
  const series = seriesOf(option).find((s) => s.id === seriesId);
  if (!series) return [];
  assert.equal(series.type, 'custom');
  return (series.data as { name: string }[]).map((item, dataIndex) => {
    const group = series.renderItem!({ dataIndex }, { coord: (p) => p });
    assert.equal(group.type, 'group');
    const style = group.children[0]?.style;
    return {
      id: item.name,
      runs: group.children.map((c) => c.shape.points),
      color: style?.stroke,
      dashed: Boolean(style?.lineDash),
      opacity: style?.opacity,
    };
  });
};
const ysOf = (line: DrawnLine) => line.runs.map((run) => run.map((p) => p[1]));

test('a metric and its val_ metric share a chart; loss comes first', () => {
  assert.deepEqual(curvesCharts(['val_accuracy', 'accuracy', 'val_loss', 'loss', 'lr']), [
    { key: 'loss', metrics: ['loss', 'val_loss'] },
    { key: 'accuracy', metrics: ['accuracy', 'val_accuracy'] },
    { key: 'lr', metrics: ['lr'] },
  ]);
});

test('a validation metric without a training one still gets a chart', () => {
  assert.deepEqual(curvesCharts(['val_f1']), [{ key: 'f1', metrics: ['val_f1'] }]);
});

test('one line per trial and metric: same colour, training solid, validation dashed', () => {
  const lines = linesOf(toCurvesOption(input([trial(1, { loss: curve([1, 0.5]), val_loss: curve([1.2, 0.7]) }, '#ff0000')]), settings));
  assert.deepEqual(
    lines.map((l) => [l.id, l.color, l.dashed]),
    [
      ['1:loss', '#ff0000', false],
      ['1:val_loss', '#ff0000', true],
    ],
  );
});

test('all lines are one series: an item per line whose extent fits the axes to it, in the order chartLines gives', () => {
  const chart = input([trial(1, { loss: curve([1, 0.5, null]), val_loss: curve([1.2, 0.7]) }), trial(2, { val_loss: curve([3, 2, 1]) })]);
  const option = toCurvesOption(chart, settings);
  const lines = seriesOf(option).find((s) => s.id === 'lines')!;
  assert.deepEqual(lines.data, [
    { name: '1:loss', value: [1, 2, 0.5, 1] },
    { name: '1:val_loss', value: [1, 2, 0.7, 1.2] },
    { name: '2:val_loss', value: [1, 3, 1, 3] },
  ]);
  assert.deepEqual(
    chartLines(chart).map((l) => [l.trial.id, l.name]),
    [
      [1, '1:loss'],
      [1, '1:val_loss'],
      [2, '2:val_loss'],
    ],
  );
  // The tooltip snaps to an invisible series with a point at every x of a line.
  assert.deepEqual(seriesOf(option).find((s) => s.id === 'pointer')!.data, [
    [1, null],
    [2, null],
    [3, null],
  ]);
});

test('the series count counts lines that have points', () => {
  const chart = input([trial(1, { loss: curve([1]), val_loss: curve([2]) }), trial(2, { loss: curve([1]) }), trial(3, {})]);
  assert.equal(curveSeriesCount(chart), 3);
  assert.equal(linesOf(toCurvesOption(chart, settings)).length, 3);
});

test('smoothing draws the smoothed values, with faint raw lines behind for a small selection', () => {
  const option = toCurvesOption(input([trial(1, { loss: curve([0, 10]) })]), { ...settings, smoothing: 0.5 });
  const [raw] = linesOf(option, 'raw');
  const [smooth] = linesOf(option);
  assert.equal(raw.id, '1:loss');
  assert.deepEqual(ysOf(raw), [[0, 10]]);
  assert.ok(raw.opacity! < 0.5);
  assert.deepEqual(ysOf(smooth), [[0, (10 * 0.5) / 0.75]]);
  assert.equal(smooth.opacity, 1);
});

test('raw lines are left out when many trials are drawn', () => {
  const many = Array.from({ length: 21 }, (_, i) => trial(i + 1, { loss: curve([1, 2]) }));
  const option = toCurvesOption(input(many), { ...settings, smoothing: 0.5 });
  assert.equal(linesOf(option).length, 21);
  assert.deepEqual(linesOf(option, 'raw'), []);
});

test('NaN epochs are gaps in the line', () => {
  const [line] = linesOf(toCurvesOption(input([trial(1, { loss: curve([1, 2, null, Number.NaN, 0.5, 0.4]) })]), settings));
  assert.deepEqual(line.runs, [
    [
      [1, 1],
      [2, 2],
    ],
    [
      [5, 0.5],
      [6, 0.4],
    ],
  ]);
});

test('where a curve turns NaN, its last drawn point is marked', () => {
  const option = toCurvesOption(input([trial(1, { loss: curve([1, 0.5, null, null]) }), trial(2, { loss: curve([1, 0.5]) })]), settings);
  assert.deepEqual(seriesOf(option).find((s) => s.id === 'nan')!.data, [[2, 0.5]]);
});

test('a chart knows whether any of its curves turned NaN', () => {
  assert.ok(anyCurveTurnsNaN(input([trial(1, { val_loss: curve([1, Number.NaN]) })])));
  assert.ok(!anyCurveTurnsNaN(input([trial(1, { loss: curve([null, 1, 2]) })])));
});

test('a curve that is NaN from its first epoch has nothing to mark', () => {
  const option = toCurvesOption(input([trial(1, { loss: curve([null, null]) })]), settings);
  assert.equal(
    seriesOf(option).find((s) => s.id === 'nan'),
    undefined,
  );
  assert.deepEqual(linesOf(option)[0].runs, []);
});

test('on a log axis values that are not positive are left out', () => {
  const option = toCurvesOption(input([trial(1, { loss: curve([1, 0, -2, 0.1]) })]), { ...settings, logY: true }) as {
    yAxis: { type: string };
  };
  assert.equal(option.yAxis.type, 'log');
  assert.deepEqual(ysOf(linesOf(option)[0]), [[1], [0.1]]);
});

test('x is the epoch (counted from 1, as the epoch table does), the time since the trial started, or the wall clock', () => {
  const points = curve([1, 2, 3], T0 + 5000, 30_000);
  assert.deepEqual(curveXs(points, 'step', T0), [1, 2, 3]);
  assert.deepEqual(curveXs(points, 'wall', T0), [T0 + 5000, T0 + 35_000, T0 + 65_000]);
  assert.deepEqual(curveXs(points, 'relative', T0 + 5000), [0, 30, 60]);
  assert.deepEqual(curveXs(points, 'relative', T0 + 5000, { seconds: 60, suffix: 'min' }), [0, 0.5, 1]);
});

test('relative time starts at each trial’s first epoch, so trials started hours apart overlay', () => {
  const a = trial(1, { loss: curve([1, 2], T0) });
  const b = trial(2, { loss: curve([1, 2], T0 + 3_600_000) });
  const lines = linesOf(toCurvesOption({ key: 'loss', metrics: ['loss'], trials: [a, b] }, { ...settings, xAxis: 'relative' }));
  assert.deepEqual(
    lines.map((l) => l.runs.map((run) => run.map((p) => p[0]))),
    [[[0, 1]], [[0, 1]]],
  );
});

test('the time unit grows with the span so ticks stay round', () => {
  assert.equal(relativeTimeUnit(90).suffix, 's');
  assert.equal(relativeTimeUnit(600).suffix, 'min');
  assert.equal(relativeTimeUnit(5 * 3600).suffix, 'h');
  const option = toCurvesOption(input([trial(1, { loss: curve([1, 2, 3], T0, 300_000) })]), { ...settings, xAxis: 'relative' }) as {
    xAxis: { name: string };
  };
  assert.equal(option.xAxis.name, 'time since trial start (min)');
});

test('wall time uses a time axis', () => {
  const option = toCurvesOption(input([trial(1, { loss: curve([1]) })]), { ...settings, xAxis: 'wall' }) as { xAxis: { type: string } };
  assert.equal(option.xAxis.type, 'time');
});

test('lines are silent and the tooltip follows the axis, so hundreds of lines stay responsive', () => {
  const option = toCurvesOption(input([trial(1, { loss: curve([1]) })]), settings) as {
    series: { silent: boolean }[];
    tooltip: { trigger: string };
    xAxis: { axisPointer: { triggerEmphasis: boolean } };
  };
  assert.ok(option.series.every((s) => s.silent));
  assert.equal(option.tooltip.trigger, 'axis');
  assert.equal(option.xAxis.axisPointer.triggerEmphasis, false);
});

test('the tooltip lists the lines at the hovered x, nearest the pointer first', () => {
  const chart = input([trial(1, { loss: curve([1, 2, 3]) }), trial(2, { loss: curve([10, 20, 30]) })]);
  let pointer: number | null = 25;
  const option = toCurvesOption(chart, settings, () => pointer) as { tooltip: { formatter: (p: unknown) => string } };
  const html = option.tooltip.formatter([{ axisDim: 'x', axisValue: 2 }]);
  assert.ok(html.startsWith('epoch 2'));
  assert.ok(html.indexOf('#2 loss <b>20</b>') < html.indexOf('#1 loss <b>2</b>'));
  pointer = 0;
  const again = option.tooltip.formatter([{ axisDim: 'x', axisValue: 2 }]);
  assert.ok(again.indexOf('#1 loss') < again.indexOf('#2 loss'));
});

test('the first epoch is "epoch 1" in the tooltip, with the first logged value, as in the epoch table', () => {
  const option = toCurvesOption(input([trial(1, { loss: curve([0.9, 0.5]) })]), settings) as {
    tooltip: { formatter: (p: unknown) => string };
  };
  assert.match(option.tooltip.formatter([{ axisDim: 'x', axisValue: 1 }]), /^epoch 1<br\/>.*#1 loss <b>0\.9<\/b>/);
});

test('an empty selection gives an empty chart', () => {
  assert.deepEqual(seriesOf(toCurvesOption(input([]), settings)), []);
});

interface Scatter {
  type: string;
  id: string;
  emphasis: { label: { show: boolean; formatter: string } };
  data: { name: string; value: [number, number]; itemStyle: { color: string; borderColor: string } }[];
}
const prunedSeries = (option: unknown) => (option as { series: Scatter[] }).series.filter((s) => s.id === 'pruned');
const REASON = 'objective 0.9 after 3 epochs ranks 2 of 3 trials at rung 1; only the top 1 continue';

test("a pruned trial's lines each end in a square in its colour, labelled with its epochs when hovered", () => {
  const pruned = trial(1, { loss: curve([1, 0.8, 0.7]), val_loss: curve([1.1, 0.9, 0.9]) }, '#aa0000', REASON);
  const completed = trial(2, { loss: curve([1, 0.5, 0.4, 0.3, 0.2]), val_loss: curve([1, 0.6, 0.5, 0.4, 0.3]) });
  const option = toCurvesOption(input([pruned, completed]), settings);
  const [markers] = prunedSeries(option);
  assert.equal(markers.type, 'scatter');
  assert.deepEqual(
    markers.data.map((d) => [d.name, d.value, d.itemStyle.color]),
    [
      ['pruned after 3 epochs', [3, 0.7], '#aa0000'],
      ['pruned after 3 epochs', [3, 0.9], '#aa0000'],
    ],
  );
  assert.equal(markers.data[0].itemStyle.borderColor, '#bf8700');
  assert.deepEqual([markers.emphasis.label.show, markers.emphasis.label.formatter], [true, '{b}']);
  // The lines themselves are drawn as before: one per trial and metric.
  assert.equal(linesOf(option).length, 4);
  assert.equal(prunedLineCount(input([pruned, completed])), 2);
});

test('without pruned trials there is no marker series; failed and NaN curves keep their own styling', () => {
  const diverged = trial(1, { loss: curve([1, 0.5, null]) });
  const option = toCurvesOption(input([diverged, trial(2, { loss: curve([1, 0.5]) })]), settings);
  assert.deepEqual(prunedSeries(option), []);
  assert.equal(prunedLineCount(input([diverged])), 0);
  assert.ok(
    seriesOf(option).some((s) => s.id === 'nan'),
    'the NaN cross stays',
  );
});

test('the square sits on the last drawn point: smoothed, on the chosen x axis, skipping NaN and log-hidden values', () => {
  const pruned = trial(1, { loss: curve([1, 0.5, null], T0, 2000) }, '#aa0000', REASON);
  const smoothed = prunedSeries(toCurvesOption(input([pruned]), { smoothing: 0.5, xAxis: 'relative', logY: false }))[0];
  // EMA with debiasing: 1, then (0.5·1·0.5 + 0.5·0.5) / 0.75 = 2/3; x = 2 s since the trial's start.
  assert.equal(smoothed.data.length, 1);
  assert.equal(smoothed.data[0].name, 'pruned after 2 epochs');
  assert.equal(smoothed.data[0].value[0], 2);
  assert.ok(Math.abs(smoothed.data[0].value[1] - 2 / 3) < 1e-9, String(smoothed.data[0].value[1]));
  const logHidden = trial(1, { loss: curve([1, 0.5, 0]) }, '#aa0000', REASON);
  assert.deepEqual(
    prunedSeries(toCurvesOption(input([logHidden]), { ...settings, logY: true }))[0].data.map((d) => d.value),
    [[2, 0.5]],
  );
  const nothingDrawn = trial(1, { loss: curve([null]) }, '#aa0000', REASON);
  assert.deepEqual(prunedSeries(toCurvesOption(input([nothingDrawn]), settings)), []);
});
