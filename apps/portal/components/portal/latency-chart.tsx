import { useId } from 'react';
import { type ChartBucket, lineRuns } from '@/lib/portal/usage-series';
import { bucketLabel, type ChartUnit, niceMax, showsTimeLabel, ValueGrid } from '../usage-chart';

const width = 720;
const height = 240;
const margin = { top: 16, right: 16, bottom: 40, left: 56 };
const plotWidth = width - margin.left - margin.right;
const plotHeight = height - margin.top - margin.bottom;

export const latencySeries = [
  { field: 'p50Ms', label: 'p50', stroke: 'stroke-indigo-600', fill: 'fill-indigo-600', dash: undefined },
  { field: 'p95Ms', label: 'p95', stroke: 'stroke-amber-500', fill: 'fill-amber-500', dash: '6 3' },
  { field: 'p99Ms', label: 'p99', stroke: 'stroke-rose-600', fill: 'fill-rose-600', dash: '2 3' },
] as const;

/** p50, p95 and p99 latency per bucket as three lines (dashed differently, not by colour alone); hand-written SVG. */
export function LatencyChart({
  buckets,
  title,
  unit,
}: {
  buckets: ChartBucket[];
  title: string;
  unit: ChartUnit;
}) {
  const id = useId();
  const max = niceMax(Math.max(0, ...buckets.map((bucket) => bucket.p99Ms ?? bucket.p95Ms ?? 0)));
  const slot = plotWidth / Math.max(1, buckets.length);
  const x = (index: number) => margin.left + index * slot + slot / 2;
  const y = (value: number) => margin.top + plotHeight - (Math.min(value, max) / max) * plotHeight;

  return (
    <figure className="space-y-2">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        className="h-auto w-full"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>
          Median (p50), p95 and p99 latency in milliseconds per {unit}; a gap means no calls in that {unit}.
        </desc>
        <ValueGrid max={max} y={y} left={margin.left} right={width - margin.right} />
        {latencySeries.map((series) =>
          lineRuns(buckets.map((bucket) => bucket[series.field])).map((run) =>
            run.length === 1 ? (
              <circle
                key={`${series.field}-${run[0]!.index}`}
                cx={x(run[0]!.index)}
                cy={y(run[0]!.value)}
                r={3}
                className={series.fill}
              />
            ) : (
              <polyline
                key={`${series.field}-${run[0]!.index}`}
                points={run.map((point) => `${x(point.index)},${y(point.value)}`).join(' ')}
                fill="none"
                strokeWidth={2}
                strokeDasharray={series.dash}
                className={series.stroke}
              />
            ),
          ),
        )}
        {buckets.map((bucket, i) =>
          showsTimeLabel(i, buckets.length) ? (
            <text
              key={bucket.start.getTime()}
              x={x(i)}
              y={y(0) + 16}
              textAnchor={i === buckets.length - 1 ? 'end' : 'middle'}
              className="fill-slate-500 text-[11px]"
            >
              {bucketLabel(bucket.start, unit)}
            </text>
          ) : null,
        )}
        <line x1={margin.left} x2={width - margin.right} y1={y(0)} y2={y(0)} className="stroke-slate-400" />
        <text
          transform={`translate(14 ${margin.top + plotHeight / 2}) rotate(-90)`}
          textAnchor="middle"
          className="fill-slate-700 text-xs"
        >
          Latency (ms)
        </text>
      </svg>
      <figcaption className="flex flex-wrap gap-4 text-sm text-slate-700">
        {latencySeries.map((series) => (
          <span key={series.field} className="inline-flex items-center gap-2">
            <svg width="28" height="8" aria-hidden="true">
              <line
                x1="0"
                x2="28"
                y1="4"
                y2="4"
                strokeWidth={2}
                strokeDasharray={series.dash}
                className={series.stroke}
              />
            </svg>
            {series.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
