import type { ReactNode } from 'react';
import { primaryButtonClass } from './form-styles';

/**
 * A page of the console or the developer portal: its title (`id` names the section), the page's
 * buttons beside it when `actions` is given, then the page.
 */
export function PageSection({
  id,
  title,
  actions,
  children,
}: {
  id: string;
  title: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const heading = (
    <h1 id={id} className="text-2xl font-semibold">
      {title}
    </h1>
  );
  return (
    <section aria-labelledby={id} className="space-y-6">
      {actions === undefined ? (
        heading
      ) : (
        <div className="flex flex-wrap items-center justify-between gap-3">
          {heading}
          {actions}
        </div>
      )}
      {children}
    </section>
  );
}

/** A header's "Create …" button, hidden while the form it opens is open. */
export function OpenFormButton({
  open,
  onOpen,
  children,
}: {
  open: boolean;
  onOpen: () => void;
  children: ReactNode;
}) {
  if (open) return null;
  return (
    <button type="button" onClick={onOpen} className={primaryButtonClass}>
      {children}
    </button>
  );
}
