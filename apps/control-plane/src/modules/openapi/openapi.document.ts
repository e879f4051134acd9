import { errorCodes, problemContentType } from '@tollgate/errors';
import { z } from 'zod';
import { csrfExemptKey, portalSessionKey, sessionOnlyKey } from '../auth/auth.decorators.js';
import type { ControllerRoute, RouteInput } from './controller-routes.js';

export const publicRouteKey = 'tollgate:openapi-public';

type JsonSchema = Record<string, unknown>;
type Operation = Record<string, unknown>;

const problemRef = { $ref: '#/components/responses/Problem' };

/**
 * The OpenAPI 3.1 document of the app, built from its controllers: paths and methods from Nest's
 * metadata, inputs from the routes' zod schemas (JSON Schema 2020-12, which 3.1 uses as is), errors
 * as one `Problem` schema whose `code` lists the catalog.
 */
export function buildOpenApiDocument(routes: ControllerRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, Operation>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operationOf(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tollgate control plane',
      version: '1',
      description:
        'Tenants, members, APIs, plans, consumers, keys, usage and config releases. Every error is application/problem+json.',
    },
    servers: [{ url: '/' }],
    tags: [...new Set(routes.map((r) => tagOf(r.moduleName)))].sort().map((name) => ({ name })),
    paths,
    components: {
      schemas: { Problem: problemSchema() },
      responses: {
        Problem: {
          description: 'An error from the catalog (RFC 9457 problem details).',
          content: { [problemContentType]: { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      },
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'tg_session',
          description: 'Signed-in session. Changes also need `X-CSRF-Token` from `GET /v1/auth/csrf`.',
        },
        accessToken: { type: 'http', scheme: 'bearer', description: 'Personal access token (`tgp_…`).' },
        portalSession: {
          type: 'apiKey',
          in: 'cookie',
          name: 'tg_session',
          description:
            "A developer's session on a tenant's portal (`POST /v1/portal/{tenantSlug}/login`): `/v1/me` only. Changes also need `X-CSRF-Token` from `GET /v1/me/csrf`.",
        },
      },
    },
  };
}

function operationOf(route: ControllerRoute): Operation {
  const targets = [route.handler, route.controller];
  const flag = (key: string) => targets.some((t) => Reflect.getMetadata(key, t) === true);
  const isPublic = flag(csrfExemptKey) || flag(publicRouteKey);
  const isPortal = flag(portalSessionKey);
  const security = isPublic
    ? []
    : isPortal
      ? [{ portalSession: [] }]
      : flag(sessionOnlyKey)
        ? [{ session: [] }]
        : [{ session: [] }, { accessToken: [] }];
  const pathNames = [...route.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] as string);
  const parameters = [
    ...pathNames.map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: inputNamed(route.inputs, 'path', name) ?? { type: 'string' },
    })),
    ...queryParameters(route.inputs),
  ];
  if (!isPublic && !['GET', 'HEAD', 'OPTIONS'].includes(route.method)) {
    parameters.push({
      name: 'X-CSRF-Token',
      in: 'header',
      required: false,
      schema: { type: 'string' },
      description: isPortal
        ? 'Required (from `GET /v1/me/csrf`).'
        : 'Required with a session cookie (from `GET /v1/auth/csrf`); not with an access token.',
    } as (typeof parameters)[number]);
  }
  const body = route.inputs.find((i) => i.in === 'body' && i.name === undefined);
  const responses: Record<string, unknown> = {
    [String(route.successStatus)]:
      route.successStatus === 204
        ? { description: 'Done; no content.' }
        : { description: 'Success.', content: { 'application/json': { schema: { type: 'object' } } } },
  };
  if (!isPublic) responses['401'] = problemRef;
  if (!isPublic) responses['403'] = problemRef;
  if (pathNames.length > 0) responses['404'] = problemRef;
  if (route.inputs.length > 0) responses['422'] = problemRef;
  responses.default = problemRef;
  return {
    operationId: `${route.controller.name.replace(/Controller$/, '')}.${route.handlerName}`.replace(
      /^./,
      (c) => c.toLowerCase(),
    ),
    tags: [tagOf(route.moduleName)],
    security,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body
      ? {
          requestBody: { required: true, content: { 'application/json': { schema: toSchema(body.schema) } } },
        }
      : {}),
    responses,
  };
}

/** `KeysModule` → `keys`. */
function tagOf(moduleName: string): string {
  return moduleName
    .replace(/Module$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
}

function inputNamed(inputs: RouteInput[], kind: RouteInput['in'], name: string): JsonSchema | undefined {
  const input = inputs.find((i) => i.in === kind && i.name === name);
  return input ? toSchema(input.schema) : undefined;
}

/** A whole-query schema becomes one parameter per property; a named `@Query('x')` one parameter. */
function queryParameters(inputs: RouteInput[]): Array<Record<string, unknown>> {
  const parameters: Array<Record<string, unknown>> = [];
  for (const input of inputs.filter((i) => i.in === 'query')) {
    const schema = toSchema(input.schema);
    if (input.name !== undefined) {
      parameters.push({ name: input.name, in: 'query', required: false, schema });
      continue;
    }
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((schema.required ?? []) as string[]);
    for (const [name, property] of Object.entries(properties)) {
      parameters.push({ name, in: 'query', required: required.has(name), schema: property });
    }
  }
  return parameters;
}

/** The input side of a zod schema (defaults make fields optional) as JSON Schema 2020-12. */
function toSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _drop, ...json } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  return json;
}

function problemSchema(): JsonSchema {
  return {
    type: 'object',
    required: ['type', 'title', 'status', 'detail', 'code', 'requestId', 'layer'],
    properties: {
      type: { type: 'string', format: 'uri', description: 'The docs page of the code.' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      code: { type: 'string', enum: [...errorCodes] },
      requestId: { type: 'string' },
      layer: { type: 'string' },
      errors: {
        type: 'array',
        description: 'With `validation_failed`: one entry per field.',
        items: {
          type: 'object',
          required: ['path', 'message'],
          properties: { path: { type: 'string' }, message: { type: 'string' } },
        },
      },
    },
  };
}
