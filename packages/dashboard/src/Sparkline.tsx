/** A small uPlot chart of one webhook's last hour: success rate (%) and mean latency (ms) per 5 minutes. */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Bucket } from './queries.js';

export const BUCKET_MS = 5 * 60 * 1000;
export const WINDOW_MS = 60 * 60 * 1000;

/** Every 5-minute bucket of the window: attempts, successes and mean latency, null where there were none. */
export function chartData(buckets: readonly Bucket[], windowStart: number): uPlot.AlignedData {
  const count = WINDOW_MS / BUCKET_MS;
  const xs: number[] = [];
  const attempts: Array<number | null> = [];
  const succeeded: Array<number | null> = [];
  const latency: Array<number | null> = [];
  const byStart = new Map(buckets.map((b) => [Date.parse(b.start), b]));
  for (let i = 0; i < count; i++) {
    const bucket = byStart.get(windowStart + i * BUCKET_MS);
    // Bars are centred on the middle of their bucket.
    xs.push((windowStart + (i + 0.5) * BUCKET_MS) / 1000);
    attempts.push(bucket ? bucket.attempts : null);
    succeeded.push(bucket ? bucket.succeeded : null);
    latency.push(bucket?.avg_duration_ms ?? null);
  }
  return [xs, attempts, succeeded, latency];
}

/**
 * Bars per bucket: all attempts in red with the successful ones drawn over them in green, so the red that
 * shows is the failures; mean latency as an indigo line on its own scale.
 */
export function Sparkline({
  data,
  windowStart,
  label,
}: {
  data: uPlot.AlignedData;
  windowStart: number;
  label: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const bars = uPlot.paths.bars!({ size: [0.75, 12], align: 0 });
    const options: uPlot.Options = {
      width: 132,
      height: 44,
      legend: { show: false },
      cursor: { show: false },
      select: { show: false, left: 0, top: 0, width: 0, height: 0 },
      padding: [4, 2, 0, 2],
      scales: {
        x: { time: true, range: () => [windowStart / 1000, (windowStart + WINDOW_MS) / 1000] },
        n: { range: (_u, _min, max) => [0, Math.max(max, 1)] },
        ms: { range: (_u, _min, max) => [0, Math.max(max, 10) * 1.15] },
      },
      axes: [{ show: false }, { show: false, scale: 'n' }, { show: false, scale: 'ms' }],
      series: [
        {},
        {
          label: 'attempts',
          scale: 'n',
          fill: '#f97066',
          stroke: '#f97066',
          width: 0,
          paths: bars,
          points: { show: false },
        },
        {
          label: 'succeeded',
          scale: 'n',
          fill: '#32d583',
          stroke: '#32d583',
          width: 0,
          paths: bars,
          points: { show: false },
        },
        {
          label: 'latency ms',
          scale: 'ms',
          stroke: '#6366f1',
          width: 1.5,
          points: { show: true, size: 4, fill: '#6366f1' },
        },
      ],
    };
    const chart = new uPlot(options, data, host.current);
    return () => chart.destroy();
  }, [data, windowStart]);
  return <div className="sparkline" ref={host} role="img" aria-label={label} title={label} />;
}
