import { problemMessage } from '@/lib/problem-message';
import { ProblemAlert } from './problem-alert';

/**
 * A failed console call in plain words, from the problem's `code`: what happened, what to fix
 * (each invalid field or failed check), and the request id support needs. Never the raw body.
 */
export function ConsoleProblemAlert({ error }: { error: unknown }) {
  return <ProblemAlert error={error} describe={problemMessage} />;
}
