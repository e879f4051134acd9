import { type ReactNode, useId } from 'react';

/** Bar or point width of a chart; the usage API's buckets for days are UTC days. */
export type ChartUnit = 'minute' | 'hour' | 'day';

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

export interface ChartBox {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export interface ChartScale {
  box: ChartBox;
  max: number;
  plotWidth: number;
  plotHeight: number;
  /** The width each of the buckets gets. */
  slot: number;
  /** A value's height in the SVG; values above `max` stop at the top. */
  y: (value: number) => number;
}

/** The plot area of `box` for `count` buckets whose values go up to `max`. */
export function chartScale(box: ChartBox, count: number, max: number): ChartScale {
  const plotWidth = box.width - box.margin.left - box.margin.right;
  const plotHeight = box.height - box.margin.top - box.margin.bottom;
  return {
    box,
    max,
    plotWidth,
    plotHeight,
    slot: plotWidth / Math.max(1, count),
    y: (value) => box.margin.top + plotHeight - (Math.min(value, max) / max) * plotHeight,
  };
}

/**
 * A hand-written SVG chart's frame: its accessible title and description, gridlines and labels
 * at 0, half and the top of the value axis, the series (`children`), the time axis and its names.
 */
export function ChartFrame({
  scale,
  title,
  description,
  timeAxis,
  valueAxis,
  children,
}: {
  scale: ChartScale;
  title: string;
  description: string;
  /** The time axis's name; none when the bucket labels say enough. */
  timeAxis?: string;
  valueAxis: string;
  children: ReactNode;
}) {
  const id = useId();
  const { box, max, plotWidth, plotHeight, y } = scale;
  const left = box.margin.left;
  const right = box.width - box.margin.right;
  return (
    <svg
      viewBox={`0 0 ${box.width} ${box.height}`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      className="h-auto w-full"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {[0, max / 2, max].map((tick) => (
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
      ))}
      {children}
      <line x1={left} x2={right} y1={y(0)} y2={y(0)} className="stroke-slate-400" />
      {timeAxis ? (
        <text
          x={left + plotWidth / 2}
          y={box.height - 8}
          textAnchor="middle"
          className="fill-slate-700 text-xs"
        >
          {timeAxis}
        </text>
      ) : null}
      <text
        transform={`translate(14 ${box.margin.top + plotHeight / 2}) rotate(-90)`}
        textAnchor="middle"
        className="fill-slate-700 text-xs"
      >
        {valueAxis}
      </text>
    </svg>
  );
}

/**
 * The buckets' time labels under the plot (about six); `x` places bucket `i`'s label, and the
 * last label ends there instead of spilling out of the SVG.
 */
export function TimeLabels({
  starts,
  unit,
  scale,
  x,
}: {
  starts: Date[];
  unit: ChartUnit;
  scale: ChartScale;
  x: (i: number, last: boolean) => number;
}) {
  return starts.map((start, i) => {
    const last = i === starts.length - 1;
    return showsTimeLabel(i, starts.length) ? (
      <text
        key={start.getTime()}
        x={x(i, last)}
        y={scale.y(0) + 16}
        textAnchor={last ? 'end' : 'middle'}
        className="fill-slate-500 text-[11px]"
      >
        {bucketLabel(start, unit)}
      </text>
    ) : null;
  });
}
