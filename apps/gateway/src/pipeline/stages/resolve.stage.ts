import type { CompiledApi, CompiledRoute, CompiledSnapshot } from '../../config/compiled-snapshot.js';
import { firstSegment } from '../../config/compiled-snapshot.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import type { RequestContext } from '../request-context.js';

/**
 * resolve: tenant (host `{slug}.<domain>`, else a `/t/{slug}` prefix), then the API by
 * the longest base path, then the route by method and template. Works on the path
 * `receive` already normalised, so no other spelling of a path can reach a route.
 */
export function resolve(ctx: RequestContext, deps: PipelineDeps): boolean {
  const tenant = resolveTenant(ctx, deps);
  if (tenant === undefined) return ctx.deny('tenant_not_found', 'resolve');
  ctx.tenant = tenant;

  const api = matchApi(tenant, ctx.tenantPath);
  if (api === null) return ctx.deny('route_not_found', 'resolve');
  ctx.api = api;
  ctx.apiPath =
    ctx.tenantPath.length === api.basePath.length ? '/' : ctx.tenantPath.slice(api.basePath.length);

  const route = matchRoute(api.routes, ctx.method, ctx.apiPath);
  if (route === null) return ctx.deny('route_not_found', 'resolve');
  ctx.route = route;
  return false;
}

function resolveTenant(ctx: RequestContext, deps: PipelineDeps): CompiledSnapshot | undefined {
  const host = ctx.host;
  const suffix = deps.domainSuffix;
  if (host.length > suffix.length && host.endsWith(suffix)) {
    const slug = host.slice(0, host.length - suffix.length);
    ctx.tenantPath = ctx.path;
    // Only one label: `a.b.<domain>` is not a tenant host.
    return slug.includes('.') ? undefined : deps.snapshots.bySlug(slug);
  }
  const path = ctx.path;
  if (!path.startsWith('/t/')) return undefined;
  const end = path.indexOf('/', 3);
  const slug = end === -1 ? path.slice(3) : path.slice(3, end);
  ctx.tenantPath = end === -1 ? '/' : path.slice(end);
  return slug.length === 0 ? undefined : deps.snapshots.bySlug(slug);
}

export function matchApi(tenant: CompiledSnapshot, path: string): CompiledApi | null {
  const candidates = tenant.apisByFirstSegment.get(firstSegment(path));
  if (candidates === undefined) return null;
  for (const api of candidates) {
    if (path === api.basePath || path.startsWith(api.basePathSlash)) return api;
  }
  return null;
}

/** `routes` are sorted most specific first, so the first match wins. */
export function matchRoute(
  routes: readonly CompiledRoute[],
  method: string,
  apiPath: string,
): CompiledRoute | null {
  let parts: string[] | null = null;
  for (const route of routes) {
    if (!methodMatches(route.method, method)) continue;
    const segments = route.segments;
    if (route.catchAll && segments.length === 0) return route;
    parts ??= apiPath.split('/');
    // parts[0] is the empty string before the leading slash.
    const count = parts.length - 1;
    if (route.catchAll ? count < segments.length : count !== segments.length) continue;
    let ok = true;
    for (let i = 0; i < segments.length; i++) {
      const expected = segments[i];
      const actual = parts[i + 1]!;
      if (expected === null ? actual.length === 0 : expected !== actual) {
        ok = false;
        break;
      }
    }
    if (ok) return route;
  }
  return null;
}

function methodMatches(routeMethod: string, method: string): boolean {
  return routeMethod === 'ANY' || routeMethod === method || (method === 'HEAD' && routeMethod === 'GET');
}
