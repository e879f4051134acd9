import { describe, expect, it } from 'vitest';
import type { Membership } from './api-types';
import { pickTenant } from './current-tenant';

const membership = (tenantId: string): Membership => ({
  tenantId,
  tenantSlug: tenantId,
  tenantName: tenantId,
  role: 'owner',
});

describe('pickTenant', () => {
  it('tenant.remembered: the remembered tenant while still a member, else the first', () => {
    const all = [membership('tnt_a'), membership('tnt_b')];
    expect(pickTenant(all, 'tnt_b')?.tenantId).toBe('tnt_b');
    expect(pickTenant(all, 'tnt_gone')?.tenantId).toBe('tnt_a');
    expect(pickTenant(all, null)?.tenantId).toBe('tnt_a');
    expect(pickTenant([], 'tnt_a')).toBeUndefined();
  });
});
