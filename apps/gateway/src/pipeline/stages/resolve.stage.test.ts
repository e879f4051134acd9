import { describe, expect, it } from 'vitest';
import { compiledFixture, contextFor, fakeDeps, type RequestInput } from '../../test-support/fixtures.js';
import { receive } from './receive.stage.js';
import { resolve } from './resolve.stage.js';

const deps = fakeDeps([
  compiledFixture(),
  compiledFixture({ tenantId: 'tnt_other', tenantSlug: 'other', apis: [] }),
]);

function run(input: RequestInput) {
  const ctx = contextFor(input);
  const denied = receive(ctx, deps) || resolve(ctx, deps);
  return { ctx, denied };
}

describe('resolve', () => {
  it('finds the tenant by host {slug}.<domain>, port ignored', () => {
    const { ctx, denied } = run({ url: '/echo/x', headers: [['host', 'ACME.gw.localhost:8080']] });
    expect(denied).toBe(false);
    expect(ctx.tenant?.tenantId).toBe('tnt_acme');
    expect(ctx.api?.id).toBe('api_echo');
    expect(ctx.apiPath).toBe('/x');
  });

  it('finds the tenant by a /t/{slug} prefix and strips it', () => {
    const { ctx, denied } = run({ url: '/t/acme/echo/x/y', headers: [['host', 'localhost:8080']] });
    expect(denied).toBe(false);
    expect(ctx.tenant?.tenantId).toBe('tnt_acme');
    expect(ctx.tenantPath).toBe('/echo/x/y');
    expect(ctx.apiPath).toBe('/x/y');
  });

  it.each([
    [{ url: '/echo/x', headers: [['host', 'nobody.gw.localhost']] as [string, string][] }],
    [{ url: '/echo/x', headers: [['host', 'a.acme.gw.localhost']] as [string, string][] }],
    [{ url: '/echo/x', headers: [['host', 'localhost']] as [string, string][] }],
    [{ url: '/t/nobody/echo' }],
    [{ url: '/t//echo' }],
  ])('denies an unknown tenant with tenant_not_found (%o)', (input) => {
    const { ctx, denied } = run(input);
    expect(denied).toBe(true);
    expect(ctx.denyCode).toBe('tenant_not_found');
  });

  it('picks the API with the longest matching base path', () => {
    expect(run({ url: '/t/acme/echo/v2/users/7' }).ctx.api?.id).toBe('api_echo_v2');
    expect(run({ url: '/t/acme/echo/v2x/users/7' }).ctx.api?.id).toBe('api_echo');
    expect(run({ url: '/t/acme/echo' }).ctx.api?.id).toBe('api_echo');
    expect(run({ url: '/t/acme/echo' }).ctx.apiPath).toBe('/');
  });

  it('matches base paths on segment boundaries only', () => {
    const { ctx } = run({ url: '/t/acme/echoes/x' });
    expect(ctx.denyCode).toBe('route_not_found');
  });

  it('prefers a literal segment over a {param}, and a named method', () => {
    expect(run({ url: '/t/acme/echo/v2/users/me' }).ctx.route?.id).toBe('rte_me');
    expect(run({ url: '/t/acme/echo/v2/users/42' }).ctx.route?.id).toBe('rte_user');
    expect(run({ method: 'HEAD', url: '/t/acme/echo/v2/users/42' }).ctx.route?.id).toBe('rte_user');
    expect(run({ method: 'POST', url: '/t/acme/echo/v2/users' }).ctx.route?.id).toBe('rte_create');
    expect(run({ method: 'DELETE', url: '/t/acme/echo/v2/files/a/b' }).ctx.route?.id).toBe('rte_files');
  });

  it.each([
    [{ method: 'DELETE', url: '/t/acme/echo/v2/users/42' }],
    [{ url: '/t/acme/echo/v2/users/42/extra' }],
    [{ url: '/t/acme/echo/v2/users/' }],
    [{ url: '/t/acme/nothing-here' }],
    [{ url: '/t/other/echo' }],
  ])('denies what no route matches with route_not_found (%o)', (input) => {
    const { ctx, denied } = run(input);
    expect(denied).toBe(true);
    expect(ctx.denyCode).toBe('route_not_found');
    expect(ctx.denyStage).toBe('resolve');
  });

  it('matches on the normalised path, so dot segments cannot reach another route', () => {
    const { ctx } = run({ url: '/t/acme/echo/v2/files/../users/me' });
    expect(ctx.route?.id).toBe('rte_me');
    expect(ctx.apiPath).toBe('/users/me');
    const escaped = run({ url: '/t/acme/echo/%2e%2e/%2e%2e/%2e%2e/t/other/echo' });
    expect(escaped.ctx.tenant?.tenantId).toBe('tnt_other');
  });

  it('refuses an encoded slash before any matching (bad_path)', () => {
    const { ctx, denied } = run({ url: '/t/acme/echo/v2/users%2fme' });
    expect(denied).toBe(true);
    expect(ctx.denyCode).toBe('bad_path');
    expect(ctx.tenant).toBeNull();
  });
});
