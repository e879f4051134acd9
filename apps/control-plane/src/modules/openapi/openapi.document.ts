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
 * metadata, inputs from the routes' zod schemas and success answers from their `@Returns` (JSON
 * Schema 2020-12, which 3.1 uses as is; schemas with a `.meta({ id })` become named components),
 * errors as one `Problem` schema whose `code` lists the catalog.
 */
export function buildOpenApiDocument(routes: ControllerRoute[]): Record<string, unknown> {
  const schemas = new SchemaComponents({ Problem: problemSchema() });
  const paths: Record<string, Record<string, Operation>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operationOf(route, schemas);
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
      schemas: schemas.all(),
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

function operationOf(route: ControllerRoute, schemas: SchemaComponents): Operation {
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
      schema: inputNamed(route.inputs, 'path', name, schemas) ?? { type: 'string' },
    })),
    ...queryParameters(route.inputs, schemas),
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
  const responses: Record<string, unknown> = { [String(route.successStatus)]: successOf(route, schemas) };
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
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemas.of(body.schema, 'input') } },
          },
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

function inputNamed(
  inputs: RouteInput[],
  kind: RouteInput['in'],
  name: string,
  schemas: SchemaComponents,
): JsonSchema | undefined {
  const input = inputs.find((i) => i.in === kind && i.name === name);
  return input ? schemas.of(input.schema, 'input') : undefined;
}

/** A whole-query schema becomes one parameter per property; a named `@Query('x')` one parameter. */
function queryParameters(inputs: RouteInput[], schemas: SchemaComponents): Array<Record<string, unknown>> {
  const parameters: Array<Record<string, unknown>> = [];
  for (const input of inputs.filter((i) => i.in === 'query')) {
    const schema = schemas.of(input.schema, 'input');
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

/** The declared success answer: its content types and schemas, or none (204, a bare 202). */
function successOf(route: ControllerRoute, schemas: SchemaComponents): Record<string, unknown> {
  const content = Object.entries(route.response?.content ?? {});
  if (content.length === 0)
    return { description: route.successStatus === 204 ? 'Done; no content.' : 'Accepted; no content.' };
  const io = route.response?.io ?? 'output';
  return {
    description: 'Success.',
    content: Object.fromEntries(content.map(([type, schema]) => [type, { schema: schemas.of(schema, io) }])),
  };
}

/**
 * zod schemas as JSON Schema 2020-12, `io: 'input'` for what the API takes (defaults make fields
 * optional) and `output` for what it answers. A schema named with `.meta({ id })` becomes
 * `components/schemas/<id>` and is referenced, so a resource is described once.
 */
class SchemaComponents {
  private readonly named: Record<string, JsonSchema>;

  constructor(fixed: Record<string, JsonSchema>) {
    this.named = { ...fixed };
  }

  of(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const converted = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
    // zod refers to named schemas as `#/$defs/<id>`; in the document they live in components.
    const {
      $schema: _drop,
      $defs,
      ...json
    } = JSON.parse(
      JSON.stringify(converted).replaceAll('"#/$defs/', '"#/components/schemas/'),
    ) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    for (const [id, definition] of Object.entries($defs ?? {})) this.add(id, definition);
    return json;
  }

  all(): Record<string, JsonSchema> {
    return Object.fromEntries(Object.entries(this.named).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** One name, one description: two schemas (or one read both as input and output) that differ under one id are a bug. */
  private add(id: string, definition: JsonSchema): void {
    const known = this.named[id];
    if (known !== undefined && JSON.stringify(known) !== JSON.stringify(definition))
      throw new Error(`Two different schemas are named "${id}" in the OpenAPI document.`);
    this.named[id] = definition;
  }
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
