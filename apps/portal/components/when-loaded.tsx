import type { ReactNode } from 'react';

/**
 * `children(data)` once the data is in; until then a loading line, or nothing when loading failed
 * (the page's alert says why).
 */
export function WhenLoaded<T>({
  data,
  error,
  loading,
  children,
}: {
  data: T | null;
  error: unknown;
  /** "Loading keys…" */
  loading: string;
  children: (data: T) => ReactNode;
}) {
  if (data !== null) return children(data);
  if (error) return null;
  return (
    <p role="status" className="text-slate-500">
      {loading}
    </p>
  );
}
