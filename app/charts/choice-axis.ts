/**
 * Choices on a value axis (index ± 0.5), labelled at the indices: a brush on an echarts category axis snaps to
 * whole categories and is drawn with no width, so a brush over one choice would be invisible.
 */
export function choiceAxis(labels: string[]) {
  const indices = labels.map((_, i) => i);
  return {
    type: 'value' as const,
    min: -0.5,
    max: labels.length - 0.5,
    splitLine: { show: false },
    axisTick: { customValues: indices },
    axisLabel: { customValues: indices, formatter: (v: number) => labels[Math.round(v)] ?? '' },
  };
}
