import type { DryRunAnswer, ReleasePreview } from './console-types';

/** One dry-run answer in words: `200`, `429 rate_limited`, or forwarded (the upstream's answer is unknown). */
export function answerLabel(answer: DryRunAnswer): string {
  if (answer.status === null) return 'forwarded to the upstream';
  return answer.code ? `${answer.status} ${answer.code}` : String(answer.status);
}

/** Why the publish button is off, in words; null when publishing may go ahead. */
export function publishBlockedBecause(preview: ReleasePreview): string | null {
  if (!preview.publishable) return 'A release check found an error: fix it before publishing.';
  if (preview.changes.length === 0 && preview.liveVersion !== null)
    return 'Nothing to publish: the live version already matches your configuration.';
  return null;
}
