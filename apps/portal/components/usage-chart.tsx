import type { MinuteBucket } from '@/lib/usage-series';
import {
  bucketLabel,
  type ChartBox,
  ChartFrame,
  type ChartUnit,
  chartScale,
  niceMax,
  TimeLabels,
} from './chart-frame';

const box: ChartBox = { width: 720, height: 260, margin: { top: 16, right: 16, bottom: 48, left: 56 } };

const unitText: Record<ChartUnit, { axis: string; perBar: string }> = {
  minute: { axis: 'Time (minute, local)', perBar: 'Calls per minute' },
  hour: { axis: 'Time (hour, local)', perBar: 'Calls per hour' },
  day: { axis: 'Day (UTC)', perBar: 'Calls per day' },
};

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
  const scale = chartScale(
    box,
    buckets.length,
    niceMax(Math.max(0, ...buckets.map((bucket) => bucket.calls))),
  );
  const { slot, y } = scale;
  const barWidth = Math.max(1, slot - 2);
  const barX = (i: number) => box.margin.left + i * slot + 1;
  /** Bar `i` from the axis up to `value`. */
  const bar = (i: number, value: number) => ({
    x: barX(i),
    y: y(value),
    width: barWidth,
    height: y(0) - y(value),
  });

  return (
    <ChartFrame
      scale={scale}
      title={title}
      description={`One bar per ${unit}, ${buckets.length} ${unit}s; the darker part of a bar counts errors.`}
      timeAxis={unitText[unit].axis}
      valueAxis={unitText[unit].perBar}
    >
      {buckets.map((bucket, i) => (
        <g key={bucket.start.getTime()}>
          <rect {...bar(i, bucket.calls)} className="fill-indigo-500">
            <title>{`${bucketLabel(bucket.start, unit)}: ${bucket.calls} calls, ${bucket.errors} errors`}</title>
          </rect>
          {bucket.errors > 0 ? <rect {...bar(i, bucket.errors)} className="fill-rose-600" /> : null}
        </g>
      ))}
      <TimeLabels
        starts={buckets.map((bucket) => bucket.start)}
        unit={unit}
        scale={scale}
        x={(i, last) => barX(i) + (last ? barWidth : barWidth / 2)}
      />
    </ChartFrame>
  );
}
