import type { ReactNode } from 'react';
import { headCellClass, tableClass, wideOnlyClass } from './form-styles';

/**
 * A table of the console or the developer portal: scrolls sideways on narrow screens, a caption
 * for screen readers, one header row; `actions` adds an unlabelled last column for the row's buttons.
 */
export function DataTable({
  caption,
  headings,
  wideOnly = [],
  actions = false,
  framed = true,
  children,
}: {
  caption: string;
  headings: string[];
  /** Headings of the columns left out on narrow screens (their cells take `wideOnlyClass`). */
  wideOnly?: string[];
  actions?: boolean;
  /** False inside a panel that already has a border. */
  framed?: boolean;
  children: ReactNode;
}) {
  return (
    <div
      className={framed ? 'overflow-x-auto rounded-lg border border-slate-200 bg-white' : 'overflow-x-auto'}
    >
      <table className={tableClass}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            {headings.map((heading) => (
              <th
                key={heading}
                scope="col"
                className={wideOnly.includes(heading) ? `${headCellClass} ${wideOnlyClass}` : headCellClass}
              >
                {heading}
              </th>
            ))}
            {actions ? (
              <th scope="col" className={headCellClass}>
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}
