'use client';
import * as echarts from 'echarts';
import { useEffect, useRef } from 'react';

type Handler = (params: unknown, chart: echarts.ECharts) => void;

/**
 * Mounts one echarts instance on a div, sets the option (computed elsewhere by a pure, tested function),
 * forwards the events asked for, follows the div's size, and disposes the chart on unmount.
 */
export function EChartsView({
  option,
  height = 320,
  onEvents,
  testId,
}: {
  option: echarts.EChartsCoreOption;
  height?: number;
  onEvents?: Record<string, Handler>;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const handlers = useRef(onEvents);
  handlers.current = onEvents;

  useEffect(() => {
    const instance = echarts.init(ref.current!, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current!);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true, lazyUpdate: true });
  }, [option]);

  const eventNames = Object.keys(onEvents ?? {})
    .sort()
    .join(',');
  useEffect(() => {
    const instance = chart.current;
    if (!instance || !eventNames) return;
    const bound = eventNames.split(',').map((name) => {
      const listener = (params: unknown) => handlers.current?.[name]?.(params, instance);
      instance.on(name, listener);
      return [name, listener] as const;
    });
    return () => {
      for (const [name, listener] of bound) instance.off(name, listener);
    };
  }, [eventNames]);

  return <div ref={ref} style={{ width: '100%', height }} data-testid={testId} />;
}
