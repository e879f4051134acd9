import { describe, expect, it } from 'vitest';
import { compileIpRules, ipAllowed } from './ip-rules.js';

describe('ip rules', () => {
  it('none.ok: no rules (or empty lists) allow every address', () => {
    expect(compileIpRules(undefined)).toBeNull();
    expect(compileIpRules({ allow: [], deny: [] })).toBeNull();
    expect(ipAllowed(null, '203.0.113.9')).toBe(true);
  });

  it('allow.ok: a non-empty allow list admits only its addresses and ranges, v4 and v6', () => {
    const rules = compileIpRules({ allow: ['10.0.0.0/8', '2001:db8::/32', '198.51.100.7'], deny: [] });
    expect(ipAllowed(rules, '10.1.2.3')).toBe(true);
    expect(ipAllowed(rules, '::ffff:10.1.2.3')).toBe(true);
    expect(ipAllowed(rules, '2001:db8::1')).toBe(true);
    expect(ipAllowed(rules, '198.51.100.7')).toBe(true);
    expect(ipAllowed(rules, '198.51.100.8')).toBe(false);
    expect(ipAllowed(rules, 'not-an-ip')).toBe(false);
  });

  it('deny.forbidden: a deny match refuses even inside an allowed range', () => {
    const rules = compileIpRules({ allow: ['10.0.0.0/8'], deny: ['10.6.6.0/24'] });
    expect(ipAllowed(rules, '10.6.6.6')).toBe(false);
    expect(ipAllowed(rules, '10.7.0.1')).toBe(true);
    expect(ipAllowed(compileIpRules({ allow: [], deny: ['203.0.113.0/24'] }), '203.0.113.5')).toBe(false);
  });
});
