import type { EChartsCoreOption } from 'echarts';

/** Cells whose share of their row is above this get white text; lighter cells dark text, empty cells grey. */
const DARK_CELL = 0.55;
const CELL_PX = 34;

/**
 * Each row divided by its sum: the share of an actual class predicted as each class, so the diagonal is
 * that class's recall. A class with no test examples gives a row of zeros rather than NaN.
 */
export function rowNormalise(confusion: number[][]): number[][] {
  return confusion.map((row) => {
    const total = row.reduce((s, v) => s + v, 0);
    return row.map((v) => (total === 0 ? 0 : v / total));
  });
}

/** A chart height that keeps cells near square for k classes, within sensible bounds. */
export function confusionHeight(classes: number): number {
  return Math.min(720, Math.max(220, 90 + classes * CELL_PX));
}

/**
 * Heatmap of a confusion matrix (`confusion[actual][predicted]`): predicted classes along x, actual down y
 * (first class on top), each cell annotated with its count and coloured by its share of the actual row.
 * Plain data only (string formatters), so the option can be checked in tests and serialised.
 */
export function toConfusionOption(confusion: number[][], labels: string[]): EChartsCoreOption {
  const shares = rowNormalise(confusion);
  const data = confusion.flatMap((row, actual) =>
    row.map((count, predicted) => {
      const share = shares[actual][predicted];
      const name = `actual ${labels[actual]} → predicted ${labels[predicted]}: ${count} (${(share * 100).toFixed(1)}% of ${labels[actual]})`;
      const color = count === 0 ? '#b8bec9' : share > DARK_CELL ? '#ffffff' : '#1d2330';
      return { name, value: [predicted, actual, share, count], label: { color } };
    }),
  );
  const many = labels.length > 12;
  const longest = labels.reduce((n, l) => Math.max(n, l.length), 0);
  return {
    animation: false,
    grid: { left: 32, right: 16, top: 16, bottom: 64, containLabel: true },
    tooltip: { trigger: 'item', formatter: '{b}' },
    xAxis: {
      type: 'category',
      data: labels,
      name: 'Predicted',
      nameLocation: 'middle',
      nameGap: 30,
      axisLabel: { interval: 0, rotate: many ? 45 : 0 },
      splitArea: { show: false },
    },
    yAxis: {
      type: 'category',
      data: labels,
      name: 'Actual',
      nameLocation: 'middle',
      nameGap: 16 + Math.min(longest, 24) * 7,
      inverse: true,
      axisLabel: { interval: 0, width: 170, overflow: 'truncate' },
    },
    visualMap: {
      type: 'continuous',
      dimension: 2,
      min: 0,
      max: 1,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 160,
      itemWidth: 10,
      text: ['100% of row', '0%'],
      inRange: { color: ['#f5f8ff', '#9ec1f7', '#2f6fde', '#123a86'] },
    },
    series: [
      {
        type: 'heatmap',
        data,
        label: { show: labels.length <= 20, formatter: '{@[3]}', fontSize: many ? 10 : 12 },
        itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: '#111827', borderWidth: 1 } },
      },
    ],
  };
}
