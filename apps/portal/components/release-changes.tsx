import type { ReleaseChange, ReleaseProblem } from '@/lib/console-types';

/** A release's changes, each in the words the control plane wrote ("Route GET /orders added to Shop API"). */
export function ReleaseChanges({ changes, empty }: { changes: ReleaseChange[]; empty: string }) {
  if (changes.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="release-changes">
      {changes.map((change, i) => (
        // Two changes can read alike (the same policy on two routes): the index keeps keys apart.
        // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole, never reordered
        <li key={`${i}-${change.summary}`}>{change.summary}</li>
      ))}
    </ul>
  );
}

/** Release check findings: errors block a publish, warnings are shown and publish. */
export function ReleaseProblems({ problems }: { problems: ReleaseProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="space-y-1 text-sm">
      {problems.map((problem) => (
        <li
          key={`${problem.check}-${problem.path}-${problem.message}`}
          className={problem.severity === 'error' ? 'text-red-800' : 'text-amber-800'}
        >
          <strong>{problem.severity === 'error' ? 'Error' : 'Warning'}:</strong> {problem.message}
          {problem.path ? (
            <span className="ml-1 font-mono text-xs text-slate-500">({problem.path})</span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
