import { ApiError } from '@/lib/api-client';

/** What an alert says about a failure: the field lines and request id only where a page words them. */
export interface AlertMessage {
  title: string;
  detail?: string;
  items?: string[];
  requestId?: string;
}

/** The problem's own title and detail, as the control plane wrote them. */
function catalogWords(error: unknown): AlertMessage {
  const problem = error instanceof ApiError ? error.problem : {};
  return {
    title: problem.title ?? 'Something went wrong',
    detail: problem.detail ?? (error instanceof ApiError ? undefined : 'Please try again.'),
  };
}

/**
 * Shows a failed call in words; nothing when there is no error. `describe` words the failure
 * for its surface (the console's and the developer portal's words go by the problem's `code`).
 */
export function ProblemAlert({
  error,
  describe = catalogWords,
}: {
  error: unknown;
  describe?: (error: unknown) => AlertMessage;
}) {
  if (!error) return null;
  const { title, detail, items = [], requestId } = describe(error);
  return (
    <div
      role="alert"
      data-testid="problem-alert"
      className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
    >
      <p className="font-semibold">{title}</p>
      {detail ? <p className="mt-1">{detail}</p> : null}
      {items.length > 0 ? (
        <ul className="mt-2 list-disc space-y-0.5 pl-5">
          {items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      ) : null}
      {requestId ? <p className="mt-2 text-xs text-red-700">Request id: {requestId}</p> : null}
    </div>
  );
}
