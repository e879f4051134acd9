import { type ChartBucket, lineRuns } from '@/lib/portal/usage-series';
import { type ChartBox, ChartFrame, type ChartUnit, chartScale, niceMax, TimeLabels } from '../chart-frame';

const box: ChartBox = { width: 720, height: 240, margin: { top: 16, right: 16, bottom: 40, left: 56 } };

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
  const scale = chartScale(
    box,
    buckets.length,
    niceMax(Math.max(0, ...buckets.map((bucket) => bucket.p99Ms ?? bucket.p95Ms ?? 0))),
  );
  const { slot, y } = scale;
  const x = (index: number) => box.margin.left + index * slot + slot / 2;

  return (
    <figure className="space-y-2">
      <ChartFrame
        scale={scale}
        title={title}
        description={`Median (p50), p95 and p99 latency in milliseconds per ${unit}; a gap means no calls in that ${unit}.`}
        valueAxis="Latency (ms)"
      >
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
        <TimeLabels starts={buckets.map((bucket) => bucket.start)} unit={unit} scale={scale} x={x} />
      </ChartFrame>
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
