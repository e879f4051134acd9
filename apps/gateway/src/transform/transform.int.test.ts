import { randomBytes } from 'node:crypto';
import { type ConfigSnapshotInput, type KeyRecord, signingSecretContext } from '@tollgate/contracts';
import { SecretBox } from '@tollgate/secrets';
import { type EchoAnswer, type EchoUpstream, startEchoUpstream } from '@tollgate/testing';
import { tollgateHeaders, verifyTollgateSignature } from '@tollgate/upstream-signature';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../test-support/eventually.js';
import { startTestGateway, type TestGateway } from '../test-support/test-gateway.js';
import { createTestStack, type TestStack } from '../test-support/test-stack.js';

/**
 * The transform stage and CORS against a real gateway, Postgres, Redis and the echo
 * upstream: what the upstream receives, what the client gets back, what is metered.
 */

const masterKey = randomBytes(32);
const box = new SecretBox({ kid: 'mk1', key: masterKey });
const appOrigin = 'https://app.example.com';

describe('transform and CORS through a real gateway', () => {
  let stack: TestStack;
  let echo: EchoUpstream;
  let gw: TestGateway<'alice'>;
  let tenantId: string;
  let slug: string;
  let record: KeyRecord;
  let liveKey: string;

  function snapshot(): ConfigSnapshotInput {
    const context = signingSecretContext(tenantId, 'api_people');
    return {
      tenantId,
      tenantSlug: slug,
      version: 1,
      createdAt: new Date().toISOString(),
      apis: [
        {
          id: 'api_people',
          name: 'People',
          basePath: '/people',
          upstream: { url: `${echo.url}/base` },
          sandboxUpstream: null,
          policies: {
            requestHeaders: { set: { 'X-Env': 'prod', 'X-Api-Level': 'yes' }, remove: ['Cookie'] },
            responseHeaders: { set: { 'X-Frame-Options': 'DENY' }, remove: ['Content-Type'] },
            cors: { allowedOrigins: [appOrigin], allowCredentials: true, exposedHeaders: ['X-Total'] },
            // Rotating: the new secret first, the old one still sent.
            signingSecrets: [box.seal('whsec_new', context), box.seal('whsec_old', context)],
          },
          routes: [
            {
              id: 'rte_user',
              method: 'GET',
              pathTemplate: '/users/{id}',
              policies: {
                rewrite: { from: '/users/{id}', to: '/v1/people/{id}' },
                requestHeaders: { set: { 'X-Env': 'route-wins' } },
              },
            },
            { id: 'rte_all', method: 'ANY', pathTemplate: '/*' },
          ],
        },
      ],
      plans: [
        {
          id: 'pln_test',
          version: 1,
          name: 'Test',
          apiIds: ['api_people'],
          rateLimit: null,
          monthlyQuota: null,
        },
      ],
    };
  }

  function call(method: string, path: string, headers: Record<string, string> = {}) {
    return request(`${gw.url}/t/${slug}${path}`, { method: method as 'GET', headers });
  }

  beforeAll(async () => {
    stack = await createTestStack();
    echo = await startEchoUpstream();
    ({ id: tenantId, slug } = stack.tenant);
    gw = await startTestGateway({
      db: stack.db,
      redisPrefix: stack.redisPrefix,
      snapshot: snapshot(),
      keys: { alice: { consumerId: 'con_alice', subscriptionId: 'sub_alice' } },
      env: {
        // Loopback upstreams allowed by the gateway's list, not by the snapshot.
        GATEWAY_ALLOW_PRIVATE_UPSTREAMS: slug,
        MASTER_KEY: masterKey.toString('base64'),
        MASTER_KEY_ID: 'mk1',
      },
    });
    record = gw.keys.alice.record;
    liveKey = gw.keys.alice.key;
  });

  afterAll(async () => {
    await gw?.close();
    await echo?.close();
    await stack?.close();
  });

  it('rewrite.ok: the rewritten path (after the upstream base path) reaches the upstream, query kept', async () => {
    const response = await call('GET', '/people/users/42?x=1', { 'x-api-key': liveKey });
    expect(response.statusCode).toBe(200);
    const echoed = (await response.body.json()) as EchoAnswer;
    expect(echoed.path).toBe('/base/v1/people/42');
    expect(echoed.query).toEqual({ x: '1' });
  });

  it('headers.ok: request headers set/removed (route wins) and response headers set/removed', async () => {
    const response = await call('GET', '/people/users/42', {
      'x-api-key': liveKey,
      cookie: 'session=secret',
      'x-env': 'spoofed',
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['content-type']).toBeUndefined();
    const echoed = JSON.parse(await response.body.text()) as EchoAnswer;
    expect(echoed.headers.cookie).toBeUndefined();
    expect(echoed.headers['x-env']).toBe('route-wins');
    expect(echoed.headers['x-api-level']).toBe('yes');
  });

  it('spoofing.ignored: incoming Tollgate-* and X-Tollgate-* headers never reach the upstream', async () => {
    const response = await call('POST', '/people/orders', {
      'x-api-key': liveKey,
      'Tollgate-Consumer': 'con_mallory',
      'tollgate-key-id': 'key_mallory',
      'Tollgate-Plan': 'enterprise',
      'Tollgate-Signature': 't=1,v1=00',
      'X-Tollgate-Plan': 'enterprise',
      'x-tollgate-anything': '1',
    });
    expect(response.statusCode).toBe(200);
    const echoed = (await response.body.json()) as EchoAnswer;
    expect(echoed.headers[tollgateHeaders.consumer]).toBe('con_alice');
    expect(echoed.headers[tollgateHeaders.keyId]).toBe(record.keyId);
    expect(echoed.headers[tollgateHeaders.plan]).toBe('pln_test');
    expect(String(echoed.headers[tollgateHeaders.signature])).not.toContain('v1=00');
    expect(echoed.headers['x-tollgate-plan']).toBeUndefined();
    expect(echoed.headers['x-tollgate-anything']).toBeUndefined();
  });

  it('signature.ok: verifiable by the upstream with the documented scheme, two v1 while rotating, stale refused', async () => {
    const response = await call('GET', '/people/users/7?page=2', { 'x-api-key': liveKey });
    const echoed = (await response.body.json()) as EchoAnswer;
    const header = echoed.headers[tollgateHeaders.signature] as string;
    expect(header.match(/v1=[0-9a-f]{64}/g)).toHaveLength(2);
    // Exactly what an upstream has at hand: its own request line and the identity headers.
    const signed = {
      method: echoed.method,
      path: echoed.path,
      consumer: echoed.headers[tollgateHeaders.consumer] as string,
      keyId: echoed.headers[tollgateHeaders.keyId] as string,
      plan: echoed.headers[tollgateHeaders.plan] as string,
    };
    expect(signed.path).toBe('/base/v1/people/7');
    const now = Math.floor(Date.now() / 1000);
    expect(verifyTollgateSignature(header, signed, ['whsec_new'], now).valid).toBe(true);
    expect(verifyTollgateSignature(header, signed, ['whsec_old'], now).valid).toBe(true);
    expect(verifyTollgateSignature(header, signed, ['whsec_unknown'], now)).toEqual({
      valid: false,
      reason: 'mismatch',
    });
    expect(
      verifyTollgateSignature(header, { ...signed, consumer: 'con_mallory' }, ['whsec_new'], now).valid,
    ).toBe(false);
    expect(verifyTollgateSignature(header, signed, ['whsec_new'], now + 301)).toEqual({
      valid: false,
      reason: 'stale',
    });
  });

  it('preflight.ok: answered by the gateway without a key, never proxied, metered as not billable', async () => {
    echo.reset();
    const response = await call('OPTIONS', '/people/users/42', {
      origin: appOrigin,
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'X-Api-Key, Content-Type',
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(appOrigin);
    expect(response.headers['access-control-allow-credentials']).toBe('true');
    expect(String(response.headers['access-control-allow-methods'])).toContain('GET');
    expect(String(response.headers['access-control-allow-headers'])).toContain('X-Api-Key');
    expect(response.headers['access-control-max-age']).toBe('600');
    await response.body.dump();
    expect(echo.stats.requests).toBe(0);

    const requestId = response.headers['x-request-id'] as string;
    const [event] = await eventually(async () => {
      const mine = (await gw.usageEvents()).filter((e) => e.requestId === requestId);
      return mine.length > 0 ? mine : undefined;
    });
    expect(event).toMatchObject({
      method: 'OPTIONS',
      status: 204,
      routeId: 'rte_user',
      keyId: null,
      denyCode: null,
      billable: false,
      quotaCounted: false,
    });
  });

  it('preflight.denied: an origin the API does not allow gets 403 cors_preflight_rejected', async () => {
    const response = await call('OPTIONS', '/people/users/42', {
      origin: 'https://evil.example',
      'access-control-request-method': 'GET',
    });
    expect(response.statusCode).toBe(403);
    expect(((await response.body.json()) as { code: string }).code).toBe('cors_preflight_rejected');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('cors.ok: answers and denials alike carry the CORS headers, RateLimit exposed by default', async () => {
    const denied = await call('GET', '/people/users/42', { origin: appOrigin });
    expect(denied.statusCode).toBe(401);
    expect(((await denied.body.json()) as { code: string }).code).toBe('invalid_key');
    expect(denied.headers['access-control-allow-origin']).toBe(appOrigin);
    expect(String(denied.headers['access-control-expose-headers'])).toContain('RateLimit');

    const admitted = await call('GET', '/people/users/42', { origin: appOrigin, 'x-api-key': liveKey });
    expect(admitted.statusCode).toBe(200);
    await admitted.body.dump();
    expect(admitted.headers['access-control-allow-origin']).toBe(appOrigin);
    expect(admitted.headers['access-control-allow-credentials']).toBe('true');
    expect(String(admitted.headers['access-control-expose-headers'])).toContain('X-Total');
    expect(String(admitted.headers.vary)).toContain('Origin');
  });
});
