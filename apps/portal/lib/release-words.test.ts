import { describe, expect, it } from 'vitest';
import type { ReleasePreview } from './console-types';
import { answerLabel, publishBlockedBecause } from './release-words';

const preview = (over: Partial<ReleasePreview>): ReleasePreview => ({
  liveVersion: 3,
  changes: [{ kind: 'route.added', summary: 'Route GET /x added' }],
  problems: [],
  publishable: true,
  dryRun: null,
  ...over,
});

describe('release words', () => {
  it('answer.label: status and code, or forwarded', () => {
    expect(answerLabel({ status: 429, code: 'rate_limited' })).toBe('429 rate_limited');
    expect(answerLabel({ status: 200, code: null })).toBe('200');
    expect(answerLabel({ status: null, code: null })).toBe('forwarded to the upstream');
  });

  it('publish.blocked: an error check or nothing to publish blocks; pending changes do not', () => {
    expect(publishBlockedBecause(preview({}))).toBeNull();
    expect(publishBlockedBecause(preview({ publishable: false }))).toMatch(/check/);
    expect(publishBlockedBecause(preview({ changes: [] }))).toMatch(/Nothing to publish/);
    expect(publishBlockedBecause(preview({ changes: [], liveVersion: null }))).toBeNull();
  });
});
