import { formatCount } from '@/lib/portal/quota';
import { type ChartBucket, formatMs } from '@/lib/portal/usage-series';
import { bucketLabel, type ChartUnit } from '../usage-chart';

/** The charts' numbers as a table, folded away (the accessible and copyable form of the charts). */
export function UsageTable({ buckets, unit }: { buckets: ChartBucket[]; unit: ChartUnit }) {
  return (
    <details className="rounded-lg border border-slate-200 bg-white">
      <summary className="cursor-pointer px-5 py-3 font-medium">Show the numbers</summary>
      <div className="overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200 text-sm tabular-nums">
          <caption className="sr-only">Calls, errors and latency per {unit}</caption>
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              {[unit === 'day' ? 'Day (UTC)' : 'Hour', 'Calls', 'Errors', 'p50', 'p95', 'p99'].map(
                (heading) => (
                  <th key={heading} scope="col" className="px-4 py-2 font-medium">
                    {heading}
                  </th>
                ),
              )}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {buckets.map((bucket) => (
              <tr key={bucket.start.getTime()}>
                <th scope="row" className="px-4 py-1.5 text-left font-normal">
                  {unit === 'day'
                    ? bucketLabel(bucket.start, unit)
                    : bucket.start.toLocaleString([], { dateStyle: 'short', timeStyle: 'short' })}
                </th>
                <td className="px-4 py-1.5">{formatCount(bucket.calls)}</td>
                <td className="px-4 py-1.5">{formatCount(bucket.errors)}</td>
                <td className="px-4 py-1.5">{formatMs(bucket.p50Ms)}</td>
                <td className="px-4 py-1.5">{formatMs(bucket.p95Ms)}</td>
                <td className="px-4 py-1.5">{formatMs(bucket.p99Ms)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
