import { describe, expect, it } from 'vitest';
import { compiledFixture, contextFor, fakeDeps, type RequestInput } from '../../test-support/fixtures.js';
import { receive } from './receive.stage.js';
import { resolve } from './resolve.stage.js';

/** resolve's edge settings: API versions, custom domains, body limits. */

const upstream = { url: 'http://127.0.0.1:4010' };
const all = (id: string) => [{ id, method: 'ANY' as const, pathTemplate: '/*' }];

const versioned = compiledFixture({
  apis: [
    {
      id: 'api_w1',
      name: 'Weather v1',
      basePath: '/weather',
      upstream,
      sandboxUpstream: null,
      routes: all('rte_w1'),
      policies: { version: { name: 'v1', by: 'path', default: true } },
    },
    {
      id: 'api_w2',
      name: 'Weather v2',
      basePath: '/weather',
      upstream,
      sandboxUpstream: null,
      routes: all('rte_w2'),
      policies: { version: { name: 'v2', by: 'path' } },
    },
    {
      id: 'api_h1',
      name: 'Maps 2024',
      basePath: '/maps',
      upstream,
      sandboxUpstream: null,
      routes: all('rte_h1'),
      policies: { version: { name: '2024-01-01', by: 'header', default: true } },
    },
    {
      id: 'api_h2',
      name: 'Maps 2025',
      basePath: '/maps',
      upstream,
      sandboxUpstream: null,
      routes: all('rte_h2'),
      policies: { version: { name: '2025-06-01', by: 'header' } },
    },
    {
      id: 'api_strict',
      name: 'Strict v3 only',
      basePath: '/strict',
      upstream,
      sandboxUpstream: null,
      routes: all('rte_strict'),
      policies: { version: { name: 'v3', by: 'path' } },
    },
    {
      id: 'api_echo',
      name: 'Echo',
      basePath: '/echo',
      upstream,
      sandboxUpstream: null,
      routes: all('rte_echo'),
    },
    {
      id: 'api_upload',
      name: 'Upload',
      basePath: '/upload',
      upstream,
      sandboxUpstream: null,
      routes: [
        { id: 'rte_small', method: 'POST', pathTemplate: '/small', policies: { maxBodyBytes: 10 } },
        { id: 'rte_big', method: 'POST', pathTemplate: '/*' },
      ],
      policies: { maxBodyBytes: 100 },
    },
  ],
  policies: { customDomains: ['API.Example.com'] },
});
const other = compiledFixture({
  tenantId: 'tnt_other',
  tenantSlug: 'other',
  policies: { customDomains: ['shared.example.org'] },
});
const thief = compiledFixture({
  tenantId: 'tnt_thief',
  tenantSlug: 'thief',
  policies: { customDomains: ['shared.example.org'] },
});
const deps = fakeDeps([versioned, other, thief]);

function run(input: RequestInput) {
  const ctx = contextFor(input);
  const denied = receive(ctx, deps) || resolve(ctx, deps);
  return { ctx, denied };
}

describe('resolve: versions', () => {
  it('picks the version named in the path segment and does not forward that segment', () => {
    const { ctx, denied } = run({ url: '/t/acme/weather/v2/today' });
    expect(denied).toBe(false);
    expect(ctx.api?.id).toBe('api_w2');
    expect(ctx.apiPath).toBe('/today');
    expect(run({ url: '/t/acme/weather/v1' }).ctx.apiPath).toBe('/');
  });

  it('sends a path without a version segment to the default version', () => {
    const { ctx } = run({ url: '/t/acme/weather/today' });
    expect(ctx.api?.id).toBe('api_w1');
    expect(ctx.apiPath).toBe('/today');
  });

  it('picks a header version, and the default one when the header is missing', () => {
    const named = run({ url: '/t/acme/maps/tiles', headers: [['Api-Version', '2025-06-01']] });
    expect(named.ctx.api?.id).toBe('api_h2');
    expect(named.ctx.apiPath).toBe('/tiles');
    expect(run({ url: '/t/acme/maps/tiles' }).ctx.api?.id).toBe('api_h1');
  });

  it.each([
    [{ url: '/t/acme/maps/tiles', headers: [['Api-Version', '1999-01-01']] as [string, string][] }],
    [{ url: '/t/acme/strict/v9/x' }],
    [{ url: '/t/acme/strict/x' }],
    [{ url: '/t/acme/strict' }],
  ])('denies an unknown or missing version without default with version_not_found (%o)', (input) => {
    const { ctx, denied } = run(input);
    expect(denied).toBe(true);
    expect(ctx.denyCode).toBe('version_not_found');
    expect(ctx.denyStage).toBe('resolve');
  });

  it('serves the one known path version when it is named', () => {
    const { ctx } = run({ url: '/t/acme/strict/v3/x' });
    expect(ctx.api?.id).toBe('api_strict');
    expect(ctx.apiPath).toBe('/x');
  });
});

describe('resolve: custom domains', () => {
  it('serves a tenant at its verified custom domain (case and port ignored)', () => {
    const { ctx, denied } = run({ url: '/weather/v2/x', headers: [['Host', 'api.example.COM:443']] });
    expect(denied).toBe(false);
    expect(ctx.tenant?.tenantId).toBe('tnt_acme');
    expect(ctx.tenantPath).toBe('/weather/v2/x');
  });

  it('serves nobody at a domain two tenants claim', () => {
    const { ctx } = run({ url: '/echo/x', headers: [['Host', 'shared.example.org']] });
    expect(ctx.denyCode).toBe('tenant_not_found');
  });

  it('follows a snapshot swap that removes the domain', () => {
    const local = fakeDeps([versioned]);
    const input = { url: '/weather/v1/x', headers: [['Host', 'api.example.com']] as [string, string][] };
    let ctx = contextFor(input);
    expect(receive(ctx, local) || resolve(ctx, local)).toBe(false);
    local.snapshots.swap(compiledFixture({ version: 2, policies: { customDomains: [] } }));
    ctx = contextFor(input);
    expect(receive(ctx, local) || resolve(ctx, local)).toBe(true);
    expect(ctx.denyCode).toBe('tenant_not_found');
  });
});

describe('resolve: body limits', () => {
  const post = (url: string, length: string): RequestInput => ({
    method: 'POST',
    url,
    headers: [['Content-Length', length]],
  });

  it.each([
    ['/t/acme/upload/small', '10', false],
    ['/t/acme/upload/small', '11', true],
    ['/t/acme/upload/other', '100', false],
    ['/t/acme/upload/other', '101', true],
    ['/t/acme/echo/x', String(1024 * 1024), false],
    ['/t/acme/echo/x', String(1024 * 1024 + 1), true],
  ])(
    'holds a declared body on %s of %s bytes against route, API or default limit (denied: %s)',
    (url, length, deniedExpected) => {
      const { ctx, denied } = run(post(url, length));
      expect(denied).toBe(deniedExpected);
      if (deniedExpected) {
        expect(ctx.denyCode).toBe('request_body_too_large');
        expect(ctx.denyStage).toBe('receive');
        expect(ctx.res.shouldKeepAlive).toBe(false);
      }
    },
  );

  it('sets the limit a chunked body will be counted against', () => {
    const { ctx, denied } = run({
      method: 'POST',
      url: '/t/acme/upload/small',
      headers: [['Transfer-Encoding', 'chunked']],
    });
    expect(denied).toBe(false);
    expect(ctx.maxBodyBytes).toBe(10);
  });
});
