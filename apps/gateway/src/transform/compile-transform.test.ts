import { randomBytes } from 'node:crypto';
import {
  corsPolicySchema,
  headerChangesSchema,
  pathRewriteSchema,
  type SnapshotApi,
  signingSecretContext,
  snapshotApiSchema,
} from '@tollgate/contracts';
import { SecretBox } from '@tollgate/secrets';
import { describe, expect, it } from 'vitest';
import {
  compileCors,
  compileHeaderChanges,
  compileRewrite,
  compileTransforms,
  noTransform,
  type RouteTransform,
} from './compile-transform.js';

const box = new SecretBox({ kid: 'mk1', key: randomBytes(32) });

function api(input: Record<string, unknown>): SnapshotApi {
  return snapshotApiSchema.parse({
    id: 'api_1',
    name: 'One',
    basePath: '/one',
    upstream: { url: 'http://127.0.0.1:4010' },
    sandboxUpstream: null,
    routes: [{ id: 'rte_1', method: 'GET', pathTemplate: '/users/{id}' }],
    ...input,
  });
}

function compile(snapshotApi: SnapshotApi, secrets: SecretBox | null = null): Map<string, RouteTransform> {
  const compiled = { routes: snapshotApi.routes.map((route) => ({ id: route.id, transform: noTransform })) };
  compileTransforms(compiled, snapshotApi, 'tnt_1', secrets);
  return new Map(compiled.routes.map((route) => [route.id, route.transform]));
}

describe('compile transform policies', () => {
  it('compile.ok: a route without any transform policy shares the frozen no-op', () => {
    expect(compile(api({})).get('rte_1')).toBe(noTransform);
  });

  it('headers.ok: API and route changes merge, the route winning for the same name', () => {
    const changes = compileHeaderChanges(
      headerChangesSchema.parse({
        set: { 'X-Env': 'api', 'X-Api-Only': '1', 'X-Dropped-By-Route': 'a' },
        remove: ['Cookie'],
      }),
      headerChangesSchema.parse({ set: { 'x-env': 'route' }, remove: ['X-Dropped-By-Route', 'X-Debug'] }),
    );
    expect(changes).not.toBeNull();
    expect([...changes!.drop].sort()).toEqual([
      'cookie',
      'x-api-only',
      'x-debug',
      'x-dropped-by-route',
      'x-env',
    ]);
    expect(changes!.set).toEqual(['x-env', 'route', 'X-Api-Only', '1']);
    expect(compileHeaderChanges(undefined, undefined)).toBeNull();
  });

  it('headers.invalid: reserved names (Tollgate-*, hop-by-hop, Host) cannot be set or removed by policy', () => {
    for (const name of [
      'Tollgate-Consumer',
      'X-Tollgate-Anything',
      'Host',
      'Transfer-Encoding',
      'Content-Length',
    ]) {
      expect(headerChangesSchema.safeParse({ set: { [name]: 'x' } }).success).toBe(false);
      expect(headerChangesSchema.safeParse({ remove: [name] }).success).toBe(false);
    }
    expect(headerChangesSchema.safeParse({ set: { 'X-Ok': 'bad\r\nInjected: 1' } }).success).toBe(false);
  });

  it('cors.ok: route override replaces the API policy; null turns CORS off for the route', () => {
    const transforms = compile(
      api({
        policies: { cors: { allowedOrigins: ['https://app.example.com'] } },
        routes: [
          { id: 'rte_inherit', method: 'GET', pathTemplate: '/a' },
          { id: 'rte_own', method: 'GET', pathTemplate: '/b', policies: { cors: { allowedOrigins: ['*'] } } },
          { id: 'rte_off', method: 'GET', pathTemplate: '/c', policies: { cors: null } },
        ],
      }),
    );
    expect(transforms.get('rte_inherit')!.cors!.origins.has('https://app.example.com')).toBe(true);
    expect(transforms.get('rte_own')!.cors!.anyOrigin).toBe(true);
    expect(transforms.get('rte_off')).toBe(noTransform);
  });

  it('cors.ok: RateLimit, Retry-After and X-Request-Id are always exposed; defaults are sensible', () => {
    const cors = compileCors(
      corsPolicySchema.parse({
        allowedOrigins: ['https://a.example'],
        exposedHeaders: ['X-Total', 'ratelimit'],
      }),
    )!;
    expect(cors.exposeHeaders).toBe('RateLimit-Policy, RateLimit, Retry-After, X-Request-Id, X-Total');
    expect(cors.methods.has('GET')).toBe(true);
    expect(cors.headers.has('x-api-key')).toBe(true);
    expect(cors.credentials).toBe(false);
    expect(cors.maxAge).toBe('600');
  });

  it('cors.invalid: credentials refuse the * origin and * headers; origins are origins', () => {
    expect(corsPolicySchema.safeParse({ allowedOrigins: ['*'], allowCredentials: true }).success).toBe(false);
    expect(
      corsPolicySchema.safeParse({
        allowedOrigins: ['https://a.example'],
        allowedHeaders: ['*'],
        allowCredentials: true,
      }).success,
    ).toBe(false);
    expect(corsPolicySchema.safeParse({ allowedOrigins: ['https://a.example/path'] }).success).toBe(false);
    expect(corsPolicySchema.safeParse({ allowedOrigins: [] }).success).toBe(false);
  });

  it('rewrite.invalid: to may only use the parameters and the * of from', () => {
    expect(pathRewriteSchema.safeParse({ from: '/users/{id}', to: '/people/{uid}' }).success).toBe(false);
    expect(pathRewriteSchema.safeParse({ from: '/users', to: '/people/*' }).success).toBe(false);
    expect(pathRewriteSchema.safeParse({ from: '/a/*/b', to: '/c' }).success).toBe(false);
    expect(pathRewriteSchema.safeParse({ from: '/users/{id}', to: '/v1/people/{id}' }).success).toBe(true);
    expect(pathRewriteSchema.safeParse({ from: '/old/{a}/*', to: '/new/*/{a}' }).success).toBe(false);
    expect(compileRewrite(undefined)).toBeNull();
  });

  it('signing.ok: sealed secrets are opened once at compile, with the API context; two while rotating', () => {
    const context = signingSecretContext('tnt_1', 'api_1');
    const transforms = compile(
      api({ policies: { signingSecrets: [box.seal('whsec_new', context), box.seal('whsec_old', context)] } }),
      box,
    );
    const keys = transforms.get('rte_1')!.signingKeys!;
    expect(keys).toHaveLength(2);
    expect(keys[0]!.export().toString()).toBe('whsec_new');
    expect(keys[1]!.export().toString()).toBe('whsec_old');
  });

  it('signing.invalid: a secret sealed for another API, or no MASTER_KEY, fails the compile', () => {
    const foreign = box.seal('whsec', signingSecretContext('tnt_1', 'api_other'));
    expect(() => compile(api({ policies: { signingSecrets: [foreign] } }), box)).toThrow();
    const mine = box.seal('whsec', signingSecretContext('tnt_1', 'api_1'));
    expect(() => compile(api({ policies: { signingSecrets: [mine] } }), null)).toThrow(/MASTER_KEY/);
    expect(
      snapshotApiSchema.safeParse({ ...api({}), policies: { signingSecrets: [mine, mine, mine] } }).success,
    ).toBe(false);
  });
});
