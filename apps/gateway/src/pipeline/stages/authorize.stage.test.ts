import type { KeyRecord } from '@tollgate/contracts';
import { describe, expect, it } from 'vitest';
import { cachedKey, compiledFixture, contextFor, fakeDeps } from '../../test-support/fixtures.js';
import { authorize } from './authorize.stage.js';
import { receive } from './receive.stage.js';
import { resolve } from './resolve.stage.js';

const deps = fakeDeps();

function run(url: string, key: Partial<KeyRecord>) {
  const ctx = contextFor({ url });
  receive(ctx, deps);
  resolve(ctx, deps);
  ctx.key = cachedKey(key);
  const denied = authorize(ctx, deps);
  return { ctx, denied };
}

describe('authorize', () => {
  it('admits a live key whose plan covers the API, towards the live upstream', () => {
    const { ctx, denied } = run('/t/acme/echo/x', {});
    expect(denied).toBe(false);
    expect(ctx.admitted).toBe(true);
    expect(ctx.upstream?.targets[0]?.origin).toBe('http://127.0.0.1:4010');
  });

  it("treats another tenant's key as invalid (invalid_key)", () => {
    expect(run('/t/acme/echo/x', { tenantId: 'tnt_other' }).ctx.denyCode).toBe('invalid_key');
  });

  it("denies a revoked key with key_revoked, but another tenant's revoked key with invalid_key", () => {
    expect(run('/t/acme/echo/x', { status: 'revoked' }).ctx.denyCode).toBe('key_revoked');
    expect(run('/t/acme/echo/x', { status: 'revoked', tenantId: 'tnt_other' }).ctx.denyCode).toBe(
      'invalid_key',
    );
  });

  it('denies an expired key, and one past its rotation grace, with key_expired', () => {
    expect(run('/t/acme/echo/x', { expiresAt: '2020-01-01T00:00:00.000Z' }).ctx.denyCode).toBe('key_expired');
    expect(run('/t/acme/echo/x', { graceEndsAt: '2020-01-01T00:00:00.000Z' }).ctx.denyCode).toBe(
      'key_expired',
    );
    expect(run('/t/acme/echo/x', { expiresAt: '2999-01-01T00:00:00.000Z' }).denied).toBe(false);
  });

  it('denies with key_not_allowed when the plan does not cover the API', () => {
    expect(run('/t/acme/echo/v2/users/1', {}).ctx.denyCode).toBe('key_not_allowed');
  });

  it('denies with key_not_allowed when the plan version is not in the snapshot', () => {
    expect(run('/t/acme/echo/x', { planVersion: 2 }).ctx.denyCode).toBe('key_not_allowed');
    expect(run('/t/acme/echo/x', { planId: 'pln_gone' }).ctx.denyCode).toBe('key_not_allowed');
  });

  it('denies with key_not_allowed when scopes are set and leave the API out', () => {
    expect(run('/t/acme/echo/x', { scopes: ['api_echo_v2'] }).ctx.denyCode).toBe('key_not_allowed');
    expect(run('/t/acme/echo/x', { scopes: ['api_echo'] }).denied).toBe(false);
  });

  it('refuses a test key with key_not_allowed when the API has no sandbox', () => {
    const { ctx } = run('/t/acme/echo/x', { environment: 'test' });
    expect(ctx.denyCode).toBe('key_not_allowed');
    expect(ctx.status).toBe(0);
  });

  it('sends a test key to the sandbox upstream', () => {
    const local = fakeDeps([
      compiledFixture({
        plans: [
          {
            id: 'pln_basic',
            version: 1,
            name: 'Basic',
            apiIds: ['api_echo', 'api_echo_v2'],
            rateLimit: null,
            monthlyQuota: null,
          },
        ],
      }),
    ]);
    const ctx = contextFor({ url: '/t/acme/echo/v2/users/1' });
    receive(ctx, local);
    resolve(ctx, local);
    ctx.key = cachedKey({ environment: 'test' });
    expect(authorize(ctx, local)).toBe(false);
    expect(ctx.upstream?.targets[0]?.origin).toBe('http://127.0.0.1:4012');
  });

  it('denies with ip_not_allowed when the key has IP rules the client does not match', () => {
    const rules = { allow: ['198.51.100.0/24'], deny: [] };
    expect(run('/t/acme/echo/x', { ipRules: rules }).ctx.denyCode).toBe('ip_not_allowed');
    expect(run('/t/acme/echo/x', { ipRules: { allow: [], deny: ['127.0.0.1'] } }).ctx.denyCode).toBe(
      'ip_not_allowed',
    );
    expect(run('/t/acme/echo/x', { ipRules: { allow: ['127.0.0.0/8'], deny: [] } }).denied).toBe(false);
  });

  it("denies with ip_not_allowed when the API's IP rules refuse the client, whatever the key", () => {
    const local = fakeDeps([
      compiledFixture({
        apis: [
          {
            id: 'api_echo',
            name: 'Echo',
            basePath: '/echo',
            upstream: { url: 'http://127.0.0.1:4010' },
            sandboxUpstream: null,
            routes: [{ id: 'rte_all', method: 'ANY', pathTemplate: '/*' }],
            policies: { ipRules: { allow: ['10.0.0.0/8'], deny: [] } },
          },
        ],
      }),
    ]);
    const ctx = contextFor({ url: '/t/acme/echo/x' });
    receive(ctx, local);
    resolve(ctx, local);
    ctx.key = cachedKey({});
    expect(authorize(ctx, local)).toBe(true);
    expect(ctx.denyCode).toBe('ip_not_allowed');
  });

  it('denies with subscription_inactive a key whose subscription is canceled or incomplete, not one past due', () => {
    expect(run('/t/acme/echo/x', { subscriptionStatus: 'canceled' }).ctx.denyCode).toBe(
      'subscription_inactive',
    );
    expect(run('/t/acme/echo/x', { subscriptionStatus: 'incomplete' }).ctx.denyCode).toBe(
      'subscription_inactive',
    );
    expect(run('/t/acme/echo/x', { subscriptionStatus: 'past_due' }).denied).toBe(false);
  });

  it('admits an anonymous caller (no key) towards the live upstream', () => {
    const ctx = contextFor({ url: '/t/acme/echo/x' });
    receive(ctx, deps);
    resolve(ctx, deps);
    expect(authorize(ctx, deps)).toBe(false);
    expect(ctx.admitted).toBe(true);
    expect(ctx.upstream?.targets[0]?.origin).toBe('http://127.0.0.1:4010');
  });
});
