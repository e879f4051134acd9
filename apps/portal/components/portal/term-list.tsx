import type { TermFact } from '@/lib/portal/plan-terms';

/** A plan's terms as a definition list (term above, value below); `className` sets the grid. */
export function TermList({ facts, className }: { facts: TermFact[]; className: string }) {
  return (
    <dl className={`text-sm ${className}`}>
      {facts.map(({ term, value }) => (
        <div key={term}>
          <dt className="text-slate-500">{term}</dt>
          <dd className="mt-0.5 font-medium">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
