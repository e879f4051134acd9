import { problemMessage } from '@/lib/problem-message';

/**
 * A failed console call in plain words, from the problem's `code`: what happened, what to fix
 * (each invalid field or failed check), and the request id support needs. Never the raw body.
 */
export function ConsoleProblemAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const { title, detail, items, requestId } = problemMessage(error);
  return (
    <div
      role="alert"
      data-testid="problem-alert"
      className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
    >
      <p className="font-semibold">{title}</p>
      <p className="mt-1">{detail}</p>
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
