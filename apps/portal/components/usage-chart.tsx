import { useId } from 'react';
import type { MinuteBucket } from '@/lib/usage-series';

const width = 720;
const height = 260;
const margin = { top: 16, right: 16, bottom: 48, left: 56 };
const plotWidth = width - margin.left - margin.right;
const plotHeight = height - margin.top - margin.bottom;

/** Bar width of the chart; the usage API's buckets for days are UTC days. */
export type ChartUnit = 'minute' | 'hour' | 'day';

const unitText: Record<ChartUnit, { axis: string; perBar: string }> = {
  minute: { axis: 'Time (minute, local)', perBar: 'Calls per minute' },
  hour: { axis: 'Time (hour, local)', perBar: 'Calls per hour' },
  day: { axis: 'Day (UTC)', perBar: 'Calls per day' },
};

/** A bucket's time as the axis shows it. */
export function bucketLabel(date: Date, unit: ChartUnit): string {
  if (unit === 'day') return date.toLocaleDateString([], { month: 'short', day: 'numeric', timeZone: 'UTC' });
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/**
 * Whether bar `i` of `count` gets a time label: about six, evenly spaced (every 10th of 60
 * minutes), and the last bar's, unless the one before it would touch it.
 */
export function showsTimeLabel(i: number, count: number): boolean {
  const every = Math.max(1, Math.round(count / 6));
  return i === count - 1 || (i % every === 0 && i <= count - 1 - every * 0.75);
}

/** A round axis maximum (1, 2, 5 × 10^n) at or above the largest value. */
export function niceMax(value: number): number {
  if (value <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((factor) => factor * magnitude >= value) ?? 10;
  return step * magnitude;
}

/** Gridlines and value labels at 0, half and the top of a chart's value axis. */
export function ValueGrid({
  max,
  y,
  left,
  right,
}: {
  max: number;
  y: (value: number) => number;
  left: number;
  right: number;
}) {
  return [0, max / 2, max].map((tick) => (
    <g key={tick}>
      <line x1={left} x2={right} y1={y(tick)} y2={y(tick)} className="stroke-slate-200" />
      <text
        x={left - 8}
        y={y(tick)}
        textAnchor="end"
        dominantBaseline="middle"
        className="fill-slate-500 text-[11px]"
      >
        {Number.isInteger(tick) ? tick : tick.toFixed(1)}
      </text>
    </g>
  ));
}

/** Calls per bucket as bars (errors in a darker band at the bottom); hand-written SVG. */
export function UsageChart({
  buckets,
  title,
  unit = 'minute',
}: {
  buckets: MinuteBucket[];
  title: string;
  unit?: ChartUnit;
}) {
  const id = useId();
  const max = niceMax(Math.max(0, ...buckets.map((bucket) => bucket.calls)));
  const slot = plotWidth / Math.max(1, buckets.length);
  const barWidth = Math.max(1, slot - 2);
  const y = (value: number) => margin.top + plotHeight - (value / max) * plotHeight;

  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      className="h-auto w-full"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>
        One bar per {unit}, {buckets.length} {unit}s; the darker part of a bar counts errors.
      </desc>
      <ValueGrid max={max} y={y} left={margin.left} right={width - margin.right} />
      {buckets.map((bucket, i) => {
        const x = margin.left + i * slot + 1;
        return (
          <g key={bucket.start.getTime()}>
            <rect
              x={x}
              y={y(bucket.calls)}
              width={barWidth}
              height={y(0) - y(bucket.calls)}
              className="fill-indigo-500"
            >
              <title>{`${bucketLabel(bucket.start, unit)}: ${bucket.calls} calls, ${bucket.errors} errors`}</title>
            </rect>
            {bucket.errors > 0 ? (
              <rect
                x={x}
                y={y(bucket.errors)}
                width={barWidth}
                height={y(0) - y(bucket.errors)}
                className="fill-rose-600"
              />
            ) : null}
            {showsTimeLabel(i, buckets.length) ? (
              <text
                // The last label ends at the plot's right edge instead of spilling out of the SVG.
                x={i === buckets.length - 1 ? x + barWidth : x + barWidth / 2}
                y={y(0) + 16}
                textAnchor={i === buckets.length - 1 ? 'end' : 'middle'}
                className="fill-slate-500 text-[11px]"
              >
                {bucketLabel(bucket.start, unit)}
              </text>
            ) : null}
          </g>
        );
      })}
      <line x1={margin.left} x2={width - margin.right} y1={y(0)} y2={y(0)} className="stroke-slate-400" />
      <text
        x={margin.left + plotWidth / 2}
        y={height - 8}
        textAnchor="middle"
        className="fill-slate-700 text-xs"
      >
        {unitText[unit].axis}
      </text>
      <text
        transform={`translate(14 ${margin.top + plotHeight / 2}) rotate(-90)`}
        textAnchor="middle"
        className="fill-slate-700 text-xs"
      >
        {unitText[unit].perBar}
      </text>
    </svg>
  );
}
