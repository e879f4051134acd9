import { describe, expect, it } from 'vitest';
import { denyStageOf, stagePath } from './stage-path.js';

describe('stage path', () => {
  it('stage-path.denied: stops at the stage that denied, in pipeline order', () => {
    expect(stagePath(401, 'invalid_key', 'authenticate').text).toBe(
      'receive → resolve → authenticate ✗ invalid_key',
    );
    expect(stagePath(429, 'rate_limited', 'limit').steps.at(-1)).toEqual({
      stage: 'limit',
      outcome: 'denied',
    });
  });

  it('stage-path.admitted: every stage passed, with the status', () => {
    expect(stagePath(200, null, null).text).toBe(
      'receive → resolve → authenticate → authorize → limit → transform → proxy ✓ 200',
    );
  });

  it('stage-path.fallback: an unrecorded stage comes from the catalog layer; unknown codes have none', () => {
    expect(denyStageOf('key_revoked', null)).toBe('authorize');
    expect(denyStageOf('internal_error', null)).toBeNull();
    expect(denyStageOf('made_up', 'nowhere')).toBeNull();
    expect(stagePath(500, 'internal_error', null).text).toBe('✗ internal_error');
  });
});
