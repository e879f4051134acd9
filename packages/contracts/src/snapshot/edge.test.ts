import { describe, expect, it } from 'vitest';
import { apiPoliciesSchema, routePoliciesSchema, tenantPoliciesSchema } from './policies.js';

describe('edge policies', () => {
  it('old.ok: policies without edge fields still parse, with no custom domain', () => {
    expect(tenantPoliciesSchema.parse({}).customDomains).toEqual([]);
    expect(apiPoliciesSchema.parse({}).version).toBeUndefined();
    expect(routePoliciesSchema.parse({}).maxBodyBytes).toBeUndefined();
  });

  it('version.ok: a version defaults to not being the default one', () => {
    expect(apiPoliciesSchema.parse({ version: { name: 'v2', by: 'path' } }).version).toEqual({
      name: 'v2',
      by: 'path',
      default: false,
    });
  });

  it.each([[{ name: 'v/2', by: 'path' }], [{ name: 'v2', by: 'query' }], [{ name: '', by: 'header' }]])(
    'version.invalid: %o',
    (version) => {
      expect(apiPoliciesSchema.safeParse({ version }).success).toBe(false);
    },
  );

  it('domains.ok: custom domains are lower-cased host names', () => {
    expect(tenantPoliciesSchema.parse({ customDomains: ['API.Example.com'] }).customDomains).toEqual([
      'api.example.com',
    ]);
  });

  it.each([['https://api.example.com'], ['api.example.com:443'], ['localhost'], ['*.example.com']])(
    'domains.invalid: %s',
    (domain) => {
      expect(tenantPoliciesSchema.safeParse({ customDomains: [domain] }).success).toBe(false);
    },
  );

  it('body.invalid: a negative body limit', () => {
    expect(apiPoliciesSchema.safeParse({ maxBodyBytes: -1 }).success).toBe(false);
  });
});
