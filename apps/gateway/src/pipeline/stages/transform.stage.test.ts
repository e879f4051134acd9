import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { type ConfigSnapshotInput, signingSecretContext } from '@tollgate/contracts';
import { SecretBox } from '@tollgate/secrets';
import { verifyTollgateSignature } from '@tollgate/upstream-signature';
import { describe, expect, it } from 'vitest';
import {
  cachedKey,
  compiledFixture,
  contextFor,
  fakeDeps,
  type RequestInput,
} from '../../test-support/fixtures.js';
import { compileTransforms } from '../../transform/compile-transform.js';
import { receive } from './receive.stage.js';
import { resolve } from './resolve.stage.js';
import { transform, transformResponse } from './transform.stage.js';

const box = new SecretBox({ kid: 'mk1', key: randomBytes(32) });
const context = signingSecretContext('tnt_acme', 'api_people');

const apis: ConfigSnapshotInput['apis'] = [
  {
    id: 'api_people',
    name: 'People',
    basePath: '/people',
    upstream: { url: 'http://127.0.0.1:4011/base/' },
    sandboxUpstream: null,
    policies: {
      requestHeaders: { set: { 'X-Env': 'api', 'X-From-Api': '1' }, remove: ['Cookie'] },
      responseHeaders: { remove: ['Server'], set: { 'X-Frame-Options': 'DENY' } },
    },
    routes: [
      {
        id: 'rte_user',
        method: 'GET',
        pathTemplate: '/users/{id}',
        policies: {
          rewrite: { from: '/users/{id}', to: '/v1/people/{id}' },
          requestHeaders: { set: { 'x-env': 'route' } },
        },
      },
      { id: 'rte_all', method: 'ANY', pathTemplate: '/*' },
    ],
  },
  {
    id: 'api_plain',
    name: 'Plain',
    basePath: '/plain',
    upstream: { url: 'http://127.0.0.1:4012' },
    sandboxUpstream: null,
    routes: [{ id: 'rte_plain', method: 'ANY', pathTemplate: '/*' }],
  },
];

const compiled = compiledFixture({ apis });
// The fixture compiles without a master key: add the sealed signing secrets and compile them as the gateway does.
for (const list of compiled.apisByFirstSegment.values()) {
  for (const api of list) {
    const source = compiled.snapshot.apis.find((a) => a.id === api.id)!;
    const signingSecrets =
      api.id === 'api_people' ? [box.seal('whsec_new', context), box.seal('whsec_old', context)] : undefined;
    compileTransforms(api, { ...source, policies: { ...source.policies, signingSecrets } }, 'tnt_acme', box);
  }
}
const deps = fakeDeps([compiled]);

function run(input: RequestInput) {
  const ctx = contextFor({ ...input, headers: [['host', 'acme.gw.localhost'], ...(input.headers ?? [])] });
  expect(receive(ctx, deps) || resolve(ctx, deps)).toBe(false);
  ctx.key = cachedKey({ keyId: 'key_9', consumerId: 'con_9', planId: 'pln_basic' });
  ctx.upstream = ctx.api!.upstream;
  expect(transform(ctx, deps)).toBe(false);
  const headers = new Map<string, string[]>();
  for (let i = 0; i < ctx.forwardHeaders.length; i += 2) {
    const lower = ctx.forwardHeaders[i]!.toLowerCase();
    headers.set(lower, [...(headers.get(lower) ?? []), ctx.forwardHeaders[i + 1]!]);
  }
  return { ctx, headers };
}

describe('transform', () => {
  it('rewrite.ok: the route rewrite changes the forwarded path; the query is untouched', () => {
    const { ctx } = run({ url: '/people/users/42?x=1' });
    expect(ctx.apiPath).toBe('/v1/people/42');
    expect(ctx.query).toBe('?x=1');
  });

  it('headers.ok: API and route request headers applied, the route winning; removals dropped', () => {
    const { headers } = run({
      url: '/people/users/42',
      headers: [
        ['Cookie', 'a=1'],
        ['X-Env', 'spoofed'],
      ],
    });
    expect(headers.get('x-env')).toEqual(['route']);
    expect(headers.get('x-from-api')).toEqual(['1']);
    expect(headers.has('cookie')).toBe(false);
  });

  it('spoofing.ignored: incoming identity headers are replaced by the gateway’s own', () => {
    const { headers } = run({
      url: '/people/users/42',
      headers: [
        ['Tollgate-Consumer', 'con_evil'],
        ['X-Tollgate-Key-Id', 'key_evil'],
        ['tollgate-signature', 't=1,v1=00'],
      ],
    });
    expect(headers.get('tollgate-consumer')).toEqual(['con_9']);
    expect(headers.get('tollgate-key-id')).toEqual(['key_9']);
    expect(headers.get('tollgate-plan')).toEqual(['pln_basic']);
    expect(headers.has('x-tollgate-key-id')).toBe(false);
    expect(headers.get('tollgate-signature')).toHaveLength(1);
  });

  it('signature.ok: two v1 values while rotating, over the path the upstream receives (prefix + rewrite)', () => {
    const { ctx, headers } = run({ url: '/people/users/42?x=1' });
    const header = headers.get('tollgate-signature')![0]!;
    expect(header.match(/v1=/g)).toHaveLength(2);
    const signed = {
      method: 'GET',
      path: '/base/v1/people/42',
      consumer: 'con_9',
      keyId: 'key_9',
      plan: 'pln_basic',
    };
    const now = Math.floor(ctx.receivedAt / 1000);
    expect(verifyTollgateSignature(header, signed, ['whsec_old'], now).valid).toBe(true);
    expect(verifyTollgateSignature(header, signed, ['whsec_new'], now).valid).toBe(true);
    expect(
      verifyTollgateSignature(header, { ...signed, path: '/base/users/42' }, ['whsec_new'], now).valid,
    ).toBe(false);
    expect(verifyTollgateSignature(header, signed, ['whsec_new'], now + 301)).toEqual({
      valid: false,
      reason: 'stale',
    });
  });

  it('identity.ok: an API without signing secrets still gets the identity headers, and spoofs stripped', () => {
    const { headers } = run({ url: '/plain/x', headers: [['X-Tollgate-Plan', 'enterprise']] });
    expect(headers.get('tollgate-consumer')).toEqual(['con_9']);
    expect(headers.has('tollgate-signature')).toBe(false);
    expect(headers.has('x-tollgate-plan')).toBe(false);
  });

  it('response.ok: response header policies apply to the upstream answer', () => {
    const { ctx } = run({ url: '/people/users/42' });
    const answer: IncomingHttpHeaders = { server: 'nginx', 'content-type': 'application/json' };
    transformResponse(ctx, answer);
    expect(answer).toEqual({ 'content-type': 'application/json', 'x-frame-options': 'DENY' });
  });
});
