import { describe, expect, it } from 'vitest';
import { type CatalogEntry, catalog, errorCodes } from './catalog.js';

const layers = [
  'receive',
  'resolve',
  'authenticate',
  'authorize',
  'limit',
  'transform',
  'proxy',
  'control-plane',
  'platform',
];

const entries = Object.entries(catalog) as [string, CatalogEntry][];

describe('catalog', () => {
  it('codes.ok: every code is snake_case', () => {
    for (const [code] of entries) expect(code).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
  });

  it('codes.ok: errorCodes lists exactly the catalog keys, once each', () => {
    expect(errorCodes).toEqual(Object.keys(catalog));
    expect(new Set(errorCodes).size).toBe(errorCodes.length);
  });

  it('status.ok: every status is a 4xx or 5xx integer', () => {
    for (const [code, entry] of entries) {
      expect(Number.isInteger(entry.status), code).toBe(true);
      expect(entry.status, code).toBeGreaterThanOrEqual(400);
      expect(entry.status, code).toBeLessThanOrEqual(599);
    }
  });

  it('text.ok: every title and description is set, trimmed and distinct', () => {
    for (const [code, entry] of entries) {
      expect(entry.title.trim(), code).not.toBe('');
      expect(entry.title, code).toBe(entry.title.trim());
      expect(entry.description.trim().length, code).toBeGreaterThan(10);
      expect(entry.description, code).toBe(entry.description.trim());
    }
    expect(new Set(entries.map(([, e]) => e.title)).size).toBe(entries.length);
  });

  it('layer.ok: every layer is a known one', () => {
    for (const [code, entry] of entries) expect(layers, code).toContain(entry.layer);
  });

  it('codes.ok: the codes the gateway and control plane rely on exist with their status', () => {
    const expected: Record<string, number> = {
      invalid_key: 401,
      key_revoked: 401,
      key_expired: 401,
      key_not_allowed: 403,
      tenant_not_found: 404,
      route_not_found: 404,
      rate_limited: 429,
      quota_exceeded: 429,
      upstream_timeout: 504,
      upstream_unavailable: 503,
      unauthenticated: 401,
      forbidden: 403,
      not_found: 404,
      validation_failed: 422,
      internal_error: 500,
    };
    for (const [code, status] of Object.entries(expected)) {
      expect(catalog[code as keyof typeof catalog]?.status, code).toBe(status);
    }
  });

  it('semantics.ok: 401 only for credentials; 5xx only on the platform or proxy layer, or a stage whose dependency is unavailable', () => {
    for (const [code, entry] of entries) {
      if (entry.status === 401)
        expect(['authenticate', 'authorize', 'control-plane'], code).toContain(entry.layer);
      if (entry.status >= 500 && !['proxy', 'platform'].includes(entry.layer)) {
        expect(code).toMatch(/_unavailable$/);
        expect(entry.status, code).toBe(503);
      }
    }
  });
});
