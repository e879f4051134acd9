import { describe, expect, it } from 'vitest';
import { keyState } from './key-state';
import type { PortalKey } from './portal-types';

const key = (fields: Partial<PortalKey>): PortalKey => ({
  id: 'key_1',
  name: 'k',
  prefix: 'tg_live_abc',
  environment: 'live',
  status: 'active',
  subscriptionId: 'sub_1',
  expiresAt: null,
  graceEndsAt: null,
  rotatedFromId: null,
  createdAt: '2026-11-01T00:00:00.000Z',
  revokedAt: null,
  ...fields,
});

describe('key state', () => {
  const now = new Date('2026-11-23T10:00:00.000Z');

  it('state.ok: active, in grace, replaced, expired and revoked', () => {
    expect(keyState(key({}), now)).toEqual({ kind: 'active' });
    expect(keyState(key({ graceEndsAt: '2026-11-23T11:00:00.000Z' }), now)).toEqual({
      kind: 'grace',
      until: new Date('2026-11-23T11:00:00.000Z'),
    });
    expect(keyState(key({ graceEndsAt: '2026-11-23T10:00:00.000Z' }), now)).toEqual({ kind: 'replaced' });
    expect(keyState(key({ expiresAt: '2026-11-22T00:00:00.000Z' }), now)).toEqual({ kind: 'expired' });
    expect(keyState(key({ status: 'revoked', graceEndsAt: '2026-11-23T11:00:00.000Z' }), now)).toEqual({
      kind: 'revoked',
    });
  });
});
