import { ApiError } from '@/lib/api-client';

/** What an alert says about a failure. */
export interface ProblemMessage {
  title: string;
  detail?: string;
}

/** The problem's own title and detail, as the control plane wrote them. */
function problemMessage(error: unknown): ProblemMessage {
  const problem = error instanceof ApiError ? error.problem : {};
  return {
    title: problem.title ?? 'Something went wrong',
    detail: problem.detail ?? (error instanceof ApiError ? undefined : 'Please try again.'),
  };
}

/**
 * Shows a failed call's title and detail; nothing when there is no error. `describe` words the
 * failure for its page (the developer portal words it from the problem's `code`).
 */
export function ProblemAlert({
  error,
  describe = problemMessage,
}: {
  error: unknown;
  describe?: (error: unknown) => ProblemMessage;
}) {
  if (!error) return null;
  const { title, detail } = describe(error);
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
