import { GUARDS_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { controllerRoutes } from '../src/modules/openapi/controller-routes.js';
import { type Permission, permissionKey } from '../src/modules/tenancy/permissions.js';

export interface AppRoute {
  method: string;
  /** Fastify's pattern, e.g. `/v1/tenants/:tenantId/keys/:keyId/revoke`. */
  url: string;
}

export interface DeclaredRoute extends AppRoute {
  /** `@RequirePermission` on the handler or its controller; undefined when none is declared. */
  permission: Permission | undefined;
  /** Guards on the handler or its controller (by class name). */
  guards: string[];
}

/**
 * Every route Fastify serves, read from its own route table (`printRoutes`), HEAD excepted
 * (Fastify adds it to every GET). This is what the isolation and role tests walk, so a route
 * added anywhere in the app is in the list without anyone editing the tests.
 */
export function servedRoutes(app: NestFastifyApplication): AppRoute[] {
  const tree = app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const routes: AppRoute[] = [];
  for (const line of tree.split('\n')) {
    const at = line.search(/[├└]── /);
    if (at < 0) continue;
    const depth = at / 4;
    const match = /^(\S+)(?: \(([A-Z, ]+)\))?$/.exec(line.slice(at + 4).trim());
    if (!match?.[1]) throw new Error(`unreadable route line: ${line}`);
    stack.length = depth;
    stack.push(match[1]);
    for (const method of (match[2] ?? '').split(',').map((m) => m.trim())) {
      if (method && method !== 'HEAD') routes.push({ method, url: stack.join('') });
    }
  }
  return routes;
}

/** Every route the Nest controllers declare, with its permission and guards (from decorator metadata). */
export function declaredRoutes(app: NestFastifyApplication): DeclaredRoute[] {
  return controllerRoutes(app.get(ModulesContainer)).map(({ controller, handler, method, url }) => ({
    method,
    url,
    permission: (Reflect.getMetadata(permissionKey, handler) ??
      Reflect.getMetadata(permissionKey, controller)) as Permission | undefined,
    guards: [
      ...((Reflect.getMetadata(GUARDS_METADATA, controller) as Array<{ name: string }>) ?? []),
      ...((Reflect.getMetadata(GUARDS_METADATA, handler) as Array<{ name: string }>) ?? []),
    ].map((g) => g.name),
  }));
}

export const routeKey = (route: AppRoute) => `${route.method} ${route.url}`;

/**
 * Developer-portal routes: a consumer's session, not a tenant member's. The consumer isolation
 * test (modules/me/me-isolation.int.test.ts) walks them; the tenant isolation test skips them.
 */
export const portalRoute = /^\/v1\/(me|portal)(\/|$)/;

/** The `:name` parameters of a route pattern, in order. */
export function paramsOf(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] as string);
}

/** The URL with each `:name` replaced by `values[name]`; throws when a parameter has no value. */
export function fillParams(url: string, values: Record<string, string>): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, (_all, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no test value for :${name} (in ${url}): add one to the test`);
    return encodeURIComponent(value);
  });
}
