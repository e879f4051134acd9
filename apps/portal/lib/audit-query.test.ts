import { describe, expect, it } from 'vitest';
import {
  auditExportHref,
  auditPageParams,
  changeLines,
  describeActor,
  emptyAuditFilter,
  localToIso,
} from './audit-query';

describe('audit query', () => {
  it('query.blanks: empty fields are left out, text is trimmed, dates become instants', () => {
    const params = auditPageParams(
      { ...emptyAuditFilter, action: ' key.revoked ', from: '2026-03-01T10:00' },
      50,
      'cur_1',
    );
    expect(params.get('action')).toBe('key.revoked');
    expect(params.get('from')).toBe(new Date('2026-03-01T10:00').toISOString());
    expect(params.has('actorId')).toBe(false);
    expect(params.has('to')).toBe(false);
    expect(params.get('limit')).toBe('50');
    expect(params.get('cursor')).toBe('cur_1');
  });

  it('query.bad-date: an unreadable date is dropped rather than sent', () => {
    expect(localToIso('yesterday')).toBeNull();
    expect(auditPageParams({ ...emptyAuditFilter, to: 'soon' }, 10).has('to')).toBe(false);
  });

  it('export.href: same-origin, the tenant encoded, the format and filter in the query', () => {
    const href = auditExportHref('tnt_1', { ...emptyAuditFilter, targetType: 'key' }, 'ndjson');
    expect(href).toBe('/api/v1/tenants/tnt_1/audit-events/export?targetType=key&format=ndjson');
  });
});

describe('describeActor', () => {
  const names = { users: new Map([['usr_1', 'ann@example.test']]), tokens: new Map([['pat_1', 'ci token']]) };

  it('actor.member: a member is named by email, anyone else by type and id', () => {
    expect(describeActor({ type: 'user', id: 'usr_1', tokenId: null }, names)).toBe('ann@example.test');
    expect(describeActor({ type: 'user', id: 'usr_2', tokenId: null }, names)).toBe('user usr_2');
    expect(describeActor({ type: 'system', id: null, tokenId: null }, names)).toBe('system');
  });

  it('actor.token: a token of the reader is named, another by its id', () => {
    expect(describeActor({ type: 'user', id: 'usr_1', tokenId: 'pat_1' }, names)).toBe(
      'ann@example.test via token “ci token”',
    );
    expect(describeActor({ type: 'user', id: 'usr_2', tokenId: 'pat_9' }, names)).toBe(
      'user usr_2 via token pat_9',
    );
  });
});

describe('changeLines', () => {
  it('change.update: only fields that changed, as before → after', () => {
    expect(changeLines({ role: 'developer', email: 'a@x' }, { role: 'admin', email: 'a@x' })).toEqual([
      'role: developer → admin',
    ]);
  });

  it('change.create-delete: new fields, removed fields, nested values shortened', () => {
    expect(changeLines(null, { name: 'ci', scopes: ['read'] })).toEqual(['name: ci', 'scopes: ["read"]']);
    expect(changeLines({ email: 'a@x' }, null)).toEqual(['email was a@x']);
    const long = changeLines(null, { big: { text: 'y'.repeat(200) } });
    expect(long[0]?.endsWith('…')).toBe(true);
  });
});
