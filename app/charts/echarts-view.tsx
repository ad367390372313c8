'use client';
import * as echarts from 'echarts';
import { useEffect, useRef } from 'react';
import { useColorScheme } from '../theme/use-color-scheme.ts';
import styles from './charts.module.css';

type Handler = (params: unknown, chart: echarts.ECharts) => void;

/**
 * Mounts one echarts instance on a div, sets the option (computed elsewhere by a pure, tested function),
 * forwards the events asked for, follows the div's size and the page's colour scheme (echarts' dark theme),
 * offers the chart as PNG or SVG, and disposes the chart on unmount.
 */
export function EChartsView({
  option,
  height = 320,
  onEvents,
  testId,
  fileName,
}: {
  option: echarts.EChartsCoreOption;
  height?: number;
  onEvents?: Record<string, Handler>;
  testId?: string;
  /** The saved image's name, without extension (default: the test id, else "chart"). */
  fileName?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const handlers = useRef(onEvents);
  handlers.current = onEvents;
  const latestOption = useRef(option);
  latestOption.current = option;
  // The option the instance holds: a chart of 400 lines costs a few hundred ms per setOption, so one just given
  // at mount is not given again by the effect below.
  const shownOption = useRef<echarts.EChartsCoreOption | null>(null);
  const scheme = useColorScheme();

  const eventNames = Object.keys(onEvents ?? {})
    .sort()
    .join(',');
  // A new scheme needs a new instance (an echarts theme is fixed at init); it takes the latest option at once.
  // Events are bound before that first option, so that what it triggers ('finished' above all) is heard; other
  // event names (rare: a caller's names are fixed) make a new instance too.
  useEffect(() => {
    const frame = ref.current!;
    const instance = echarts.init(frame, scheme === 'dark' ? 'dark' : undefined, { renderer: 'canvas' });
    chart.current = instance;
    for (const name of eventNames ? eventNames.split(',') : [])
      instance.on(name, (params: unknown) => handlers.current?.[name]?.(params, instance));
    instance.setOption(themed(latestOption.current), { notMerge: true });
    shownOption.current = latestOption.current;
    // The observer also reports the size the chart was just drawn at: redrawing for that would be wasted.
    const observer = new ResizeObserver(() => {
      if (frame.clientWidth !== instance.getWidth() || frame.clientHeight !== instance.getHeight()) instance.resize();
    });
    observer.observe(frame);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
      shownOption.current = null;
    };
  }, [scheme, eventNames]);

  useEffect(() => {
    if (!chart.current || shownOption.current === option) return;
    chart.current.setOption(themed(option), { notMerge: true, lazyUpdate: true });
    shownOption.current = option;
  }, [option]);

  const save = (format: 'png' | 'svg') => {
    const instance = chart.current;
    if (!instance) return;
    const name = `${fileName ?? testId ?? 'chart'}.${format}`;
    const background = getComputedStyle(ref.current!).getPropertyValue('--panel').trim() || '#fff';
    if (format === 'png') download(instance.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: background }), name);
    else download(svgOf(instance, scheme, background), name);
  };

  return (
    <div className={styles.chartFrame} data-scheme={scheme}>
      <div ref={ref} style={{ width: '100%', height }} data-testid={testId} />
      <span className={styles.chartSave}>
        <button type="button" title="Save as PNG" data-testid="save-png" onClick={() => save('png')}>
          PNG
        </button>
        <button type="button" title="Save as SVG" data-testid="save-svg" onClick={() => save('svg')}>
          SVG
        </button>
      </span>
    </div>
  );
}

/** The option on a transparent background (the panel's colour shows through), unless it sets its own. */
function themed(option: echarts.EChartsCoreOption): echarts.EChartsCoreOption {
  return { backgroundColor: 'transparent', ...option };
}

/** The chart drawn again by echarts' SVG renderer, off screen, at the same size, without animation. */
function svgOf(instance: echarts.ECharts, scheme: 'light' | 'dark', background: string): string {
  const box = document.createElement('div');
  const svg = echarts.init(box, scheme === 'dark' ? 'dark' : undefined, {
    renderer: 'svg',
    width: instance.getWidth(),
    height: instance.getHeight(),
  });
  try {
    svg.setOption({ ...(instance.getOption() as echarts.EChartsCoreOption), animation: false, backgroundColor: background });
    return URL.createObjectURL(new Blob([svg.renderToSVGString()], { type: 'image/svg+xml' }));
  } finally {
    svg.dispose();
  }
}

function download(href: string, name: string): void {
  const link = Object.assign(document.createElement('a'), { href, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  if (href.startsWith('blob:')) setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
