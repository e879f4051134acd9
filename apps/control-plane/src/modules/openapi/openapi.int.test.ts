import { ModulesContainer } from '@nestjs/core';
import { Validator } from '@seriousme/openapi-schema-validator';
import { errorCodes, problemContentType } from '@tollgate/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { routeKey, servedRoutes } from '../../../test/app-routes.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { type DeclaredResponse, returnsKey } from '../../common/returns.js';
import { controllerRoutes } from './controller-routes.js';
import { OpenApiController } from './openapi.controller.js';

interface Operation {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema: Record<string, unknown> }>;
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
  security: unknown[];
  tags: string[];
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: { Problem: { properties: { code: { enum: string[] } } } } & Record<
      string,
      Record<string, unknown>
    >;
  };
}

let t: TestApp;
let doc: Document;

beforeAll(async () => {
  t = await startTestApp();
  const response = await t.client().get('/v1/openapi.json');
  expect(response.statusCode).toBe(200);
  doc = response.json() as Document;
});
afterAll(async () => {
  await t?.close();
});

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
  );

describe('GET /v1/openapi.json', () => {
  it('openapi.valid: the document validates as OpenAPI 3.1', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as object as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    // The validator is not a rubber stamp: the same document without `info` is refused.
    const { info: _info, ...broken } = structuredClone(doc) as object as Record<string, unknown>;
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('openapi.covers_every_route: every route in the route table is documented, and nothing else', () => {
    // Read from Fastify's own route table, so a new route cannot be missed.
    const served = servedRoutes(t.app)
      .map((r) => routeKey({ method: r.method, url: r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}') }))
      .sort();
    expect(served.length).toBeGreaterThan(20);
    expect(
      operations()
        .map((o) => o.key)
        .sort(),
    ).toEqual(served);
  });

  it('openapi.errors: every operation answers problem+json errors with the catalog codes', () => {
    expect(doc.components.schemas.Problem.properties.code.enum).toEqual(errorCodes);
    const json = JSON.stringify(doc.components);
    expect(json).toContain(problemContentType);
    for (const { key, op } of operations()) {
      expect(op.responses.default, key).toEqual({ $ref: '#/components/responses/Problem' });
      expect(op.tags.length, key).toBe(1);
    }
  });

  it('openapi.inputs: bodies, path and query parameters come from the zod schemas', () => {
    const issue = doc.paths['/v1/tenants/{tenantId}/keys']?.post;
    const body = issue?.requestBody?.content['application/json']?.schema;
    expect(body?.type).toBe('object');
    expect(body?.additionalProperties).toBe(false);
    expect(Object.keys(body?.properties as object)).toContain('subscriptionId');
    expect(issue?.responses['201']).toBeDefined();
    expect(issue?.responses['422']).toBeDefined();

    const rollback = doc.paths['/v1/tenants/{tenantId}/releases/{version}/rollback']?.post;
    const version = rollback?.parameters?.find((p) => p.name === 'version');
    expect(version).toMatchObject({ in: 'path', required: true });
    expect(version?.schema.type).toBe('integer');

    const usage = doc.paths['/v1/tenants/{tenantId}/usage']?.get;
    const granularity = usage?.parameters?.find((p) => p.name === 'granularity');
    expect(granularity).toMatchObject({ in: 'query', required: false });
    expect(granularity?.schema.enum).toEqual(['minute', 'hour', 'day', 'month']);
    expect(usage?.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['apiId', 'consumerId', 'keyId', 'routeId', 'statusClass', 'groupBy', 'format']),
    );
  });

  it('openapi.security: public routes need nothing, token routes name both schemes, token management only the session', () => {
    expect(doc.paths['/v1/auth/login']?.post?.security).toEqual([]);
    expect(doc.paths['/v1/openapi.json']?.get?.security).toEqual([]);
    expect(doc.paths['/v1/portal/{tenantSlug}/plans']?.get?.security).toEqual([]);
    expect(doc.paths['/v1/tenants/{tenantId}/keys']?.get?.security).toEqual([
      { session: [] },
      { accessToken: [] },
    ]);
    expect(doc.paths['/v1/tokens']?.post?.security).toEqual([{ session: [] }]);
  });

  it('openapi.responses_declared: every route declares its success answer with @Returns', () => {
    const routes = controllerRoutes(t.app.get(ModulesContainer));
    expect(routes.length).toBe(servedRoutes(t.app).length);
    expect(routes.filter((r) => r.response === undefined).map(routeKey)).toEqual([]);
  });

  it('openapi.responses: success answers come from the output schemas, resources as named components', () => {
    const success = (path: string, method: string, status: string) =>
      doc.paths[path]?.[method]?.responses[status]?.content;
    expect(success('/v1/tenants/{tenantId}/apis', 'get', '200')?.['application/json']?.schema).toEqual({
      type: 'object',
      properties: { data: { type: 'array', items: { $ref: '#/components/schemas/Api' } } },
      required: ['data'],
      additionalProperties: false,
    });
    expect(Object.keys(doc.components.schemas.Api?.properties as object)).toContain('upstreamTargets');
    expect(success('/v1/tenants/{tenantId}/keys', 'post', '201')?.['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/IssuedKey',
    });
    expect(doc.paths['/v1/tenants/{tenantId}/apis/{apiId}']?.delete?.responses['204']).toEqual({
      description: 'Done; no content.',
    });
    expect(Object.keys(success('/v1/tenants/{tenantId}/usage', 'get', '200') ?? {})).toEqual([
      'application/json',
      'text/csv',
    ]);
    expect(Object.keys(success('/v1/tenants/{tenantId}/audit-events/export', 'get', '200') ?? {})).toEqual([
      'text/csv',
      'application/x-ndjson',
    ]);
    // The exported config document is described as the document plan/apply take back.
    expect(
      success('/v1/tenants/{tenantId}/config/export', 'get', '200')?.['application/json']?.schema,
    ).toMatchObject({ properties: { data: { $ref: '#/components/schemas/ConfigDocument' } } });
    // Every reference resolves.
    for (const ref of JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g))
      expect(doc.components.schemas[ref[1] as string], ref[1]).toBeDefined();
  });

  it('openapi.responses_checked: an answer that differs from its documented schema is recorded with its test', async () => {
    const declared = Reflect.getMetadata(returnsKey, OpenApiController.prototype.openapi) as DeclaredResponse;
    const documented = declared.content['application/json'];
    // A schema that forgets fields the answer has.
    declared.content['application/json'] = z.object({ openapi: z.literal('3.1.0') });
    try {
      expect((await t.client().get('/v1/openapi.json')).statusCode).toBe(200);
    } finally {
      if (documented) declared.content['application/json'] = documented;
    }
    const recorded = t.responseViolations.splice(0);
    expect(recorded).toContainEqual(
      expect.stringMatching(
        /responses_checked.*GET \/v1\/openapi\.json → info: not in the documented schema/,
      ),
    );
  });
});
