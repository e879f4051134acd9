import { describe, expect, it } from 'vitest';
import { cachedKey, contextFor, fakeDeps } from '../../test-support/fixtures.js';
import { meter } from './meter.stage.js';
import { receive } from './receive.stage.js';
import { resolve } from './resolve.stage.js';

function admitted(environment: 'live' | 'test') {
  const deps = fakeDeps();
  const ctx = contextFor({ url: '/t/acme/echo/x?secret=1' });
  receive(ctx, deps);
  resolve(ctx, deps);
  ctx.key = cachedKey({ environment });
  ctx.admitted = true;
  ctx.status = 200;
  return { ctx, deps };
}

describe('meter', () => {
  it('records an admitted live request as quota-counted and billable', () => {
    const { ctx, deps } = admitted('live');
    meter(ctx, deps);
    expect(deps.events).toHaveLength(1);
    expect(deps.events[0]).toMatchObject({
      tenantId: 'tnt_acme',
      apiId: 'api_echo',
      routeId: 'rte_all',
      keyId: 'key_1',
      status: 200,
      path: '/t/acme/echo/x',
      denyCode: null,
      quotaCounted: true,
      billable: true,
    });
    expect(deps.events[0]?.id).toMatch(/^evt_/);
  });

  it('never bills nor counts a test key', () => {
    const { ctx, deps } = admitted('test');
    meter(ctx, deps);
    expect(deps.events[0]).toMatchObject({ quotaCounted: false, billable: false, environment: 'test' });
  });

  it('counts but does not bill a request the gateway failed upstream', () => {
    const { ctx, deps } = admitted('live');
    ctx.deny('upstream_timeout', 'proxy');
    ctx.status = 504;
    meter(ctx, deps);
    expect(deps.events[0]).toMatchObject({
      quotaCounted: true,
      billable: false,
      denyCode: 'upstream_timeout',
    });
  });

  it('records a denial, neither counted nor billed', () => {
    const deps = fakeDeps();
    const ctx = contextFor({ url: '/t/acme/nothing' });
    receive(ctx, deps);
    resolve(ctx, deps);
    ctx.status = 404;
    meter(ctx, deps);
    expect(deps.events[0]).toMatchObject({
      denyCode: 'route_not_found',
      status: 404,
      apiId: null,
      keyId: null,
      quotaCounted: false,
      billable: false,
    });
  });

  it('skips a request whose tenant is unknown (nothing to attribute it to)', () => {
    const deps = fakeDeps();
    const ctx = contextFor({ url: '/t/nobody/x' });
    receive(ctx, deps);
    resolve(ctx, deps);
    meter(ctx, deps);
    expect(deps.events).toHaveLength(0);
  });
});
