import { describe, expect, it } from 'vitest';
import { safeNextPath } from './safe-next-path';

describe('safeNextPath', () => {
  it('next.ok: a path on this portal is kept, query included', () => {
    expect(safeNextPath('/invitations/accept?token=abc')).toBe('/invitations/accept?token=abc');
  });

  it('next.refused: other sites, protocol-relative and odd paths fall back', () => {
    for (const raw of ['https://evil.test', '//evil.test', '/\\evil.test', 'keys', '', null, '/a\nb']) {
      expect(safeNextPath(raw)).toBe('/keys');
    }
  });
});
