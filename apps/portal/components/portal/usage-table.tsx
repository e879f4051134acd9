import { formatCount } from '@/lib/portal/quota';
import { type ChartBucket, formatMs } from '@/lib/portal/usage-series';
import { bucketLabel, type ChartUnit } from '../chart-frame';
import { DataTable } from '../data-table';

/** The charts' numbers as a table, folded away (the accessible and copyable form of the charts). */
export function UsageTable({ buckets, unit }: { buckets: ChartBucket[]; unit: ChartUnit }) {
  return (
    <details className="rounded-lg border border-slate-200 bg-white tabular-nums">
      <summary className="cursor-pointer px-5 py-3 font-medium">Show the numbers</summary>
      <DataTable
        caption={`Calls, errors and latency per ${unit}`}
        headings={[unit === 'day' ? 'Day (UTC)' : 'Hour', 'Calls', 'Errors', 'p50', 'p95', 'p99']}
        framed={false}
      >
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
      </DataTable>
    </details>
  );
}
