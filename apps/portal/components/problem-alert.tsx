import { ApiError } from '@/lib/api-client';

/** Shows a failed call's problem title and detail; nothing when there is no error. */
export function ProblemAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : {};
  const title = problem.title ?? 'Something went wrong';
  const detail = problem.detail ?? (error instanceof ApiError ? undefined : 'Please try again.');
  return (
    <div
      role="alert"
      data-testid="problem-alert"
      className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
    >
      <p className="font-semibold">{title}</p>
      {detail ? <p className="mt-1">{detail}</p> : null}
    </div>
  );
}
