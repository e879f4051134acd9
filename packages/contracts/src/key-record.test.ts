import { describe, expect, it } from 'vitest';
import { type KeyRecord, keyInvalidatedNoticeSchema, keyRecordSchema } from './key-record.js';

function validRecord(): KeyRecord {
  return {
    keyId: 'key_1',
    tenantId: 'tnt_1',
    consumerId: 'con_1',
    subscriptionId: 'sub_1',
    planId: 'pln_1',
    planVersion: 1,
    environment: 'live',
    status: 'active',
    prefix: 'tg_live_AbC123',
    scopes: [],
    expiresAt: null,
    graceEndsAt: null,
  };
}

describe('keyRecordSchema', () => {
  it('ok: accepts a valid record', () => {
    expect(keyRecordSchema.parse(validRecord())).toEqual(validRecord());
  });

  it('ok: revoked test key with scopes, expiry and grace period', () => {
    const record = {
      ...validRecord(),
      environment: 'test',
      status: 'revoked',
      scopes: ['api_1', 'api_2'],
      expiresAt: '2027-01-01T00:00:00Z',
      graceEndsAt: '2026-12-01T12:30:00.000Z',
    };
    expect(keyRecordSchema.parse(record)).toEqual(record);
  });

  it('invalid: refuses each broken field', () => {
    const cases: Record<string, unknown>[] = [
      { environment: 'prod' },
      { status: 'deleted' },
      { planVersion: 0 },
      { planVersion: '1' },
      { scopes: 'api_1' },
      { expiresAt: 'tomorrow' },
      { graceEndsAt: undefined },
      { keyId: undefined },
      { tenantId: 42 },
    ];
    for (const patch of cases) {
      expect(keyRecordSchema.safeParse({ ...validRecord(), ...patch }).success, JSON.stringify(patch)).toBe(
        false,
      );
    }
  });

  it('invalid: not an object', () => {
    for (const value of [null, 'key', [], 1]) expect(keyRecordSchema.safeParse(value).success).toBe(false);
  });
});

describe('keyInvalidatedNoticeSchema', () => {
  it('ok: key hash', () => {
    expect(keyInvalidatedNoticeSchema.parse({ keyHash: 'ab12' })).toEqual({ keyHash: 'ab12' });
  });

  it('invalid: missing hash', () => {
    expect(keyInvalidatedNoticeSchema.safeParse({}).success).toBe(false);
  });
});
