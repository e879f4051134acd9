import type { DryRunReport as Report } from '@/lib/console-types';
import { formatDate } from '@/lib/format-date';
import { answerLabel } from '@/lib/release-words';
import { DataTable } from './data-table';
import { cellClass } from './form-styles';

/** Whose answers a release would change, replayed from the recorded requests of a window. */
export function DryRunReport({ report }: { report: Report }) {
  return (
    <div className="space-y-3 text-sm" data-testid="dry-run-report">
      <p className="text-slate-600">
        {report.replayed} recorded requests from {formatDate(report.window.from)} to{' '}
        {formatDate(report.window.to)} replayed against version {report.candidateVersion}
        {report.liveVersion === null ? '' : ` (live: ${report.liveVersion})`}; {report.changed} would get
        another answer.
      </p>
      {report.truncated ? (
        <p className="text-amber-800">
          The window held more requests than a dry run replays: only the oldest were replayed. Choose a
          shorter window for a complete answer.
        </p>
      ) : null}
      <ul className="list-disc space-y-1 pl-5">
        {report.summary.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {report.changes.length > 0 ? (
        <DataTable
          caption="Answers that would change"
          headings={['Now', 'After the release', 'Requests', 'Consumers', 'Example requests']}
        >
          {report.changes.map((change) => (
            <tr key={change.summary}>
              <td className={cellClass}>{answerLabel(change.from)}</td>
              <td className={cellClass}>{answerLabel(change.to)}</td>
              <td className={`${cellClass} tabular-nums`}>{change.requests}</td>
              <td className={`${cellClass} tabular-nums`}>{change.consumers}</td>
              <td className={`${cellClass} font-mono text-xs`}>
                {change.sampleRequestIds.slice(0, 3).join(' ')}
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {report.routesNowNotFound.length > 0 ? (
        <ul className="list-disc space-y-1 pl-5 text-red-800">
          {report.routesNowNotFound.map((route) => (
            <li key={route.routeId}>{route.summary}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
