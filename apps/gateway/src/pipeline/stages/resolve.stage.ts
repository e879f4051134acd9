import type { CompiledApi, CompiledRoute, CompiledSnapshot } from '../../config/compiled-snapshot.js';
import { firstSegment } from '../../config/compiled-snapshot.js';
import { declaredBodyTooLarge } from '../../edge/body-limit.js';
import type { VersionGroup } from '../../edge/compile-edge.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import type { RequestContext } from '../request-context.js';

/**
 * resolve: tenant (host `{slug}.<domain>`, a verified custom domain, else a `/t/{slug}`
 * prefix), then the API by the longest base path, then its version (path segment or
 * `Api-Version` header) when several versions share the base path, then the route by
 * method and template. Works on the path `receive` already normalised, so no other
 * spelling of a path can reach a route; `apiPath` (what is forwarded) is cut from it.
 * Last, a declared body is held against the route's limit, before anything is forwarded.
 */
export function resolve(ctx: RequestContext, deps: PipelineDeps): boolean {
  const tenant = resolveTenant(ctx, deps);
  if (tenant === undefined) return ctx.deny('tenant_not_found', 'resolve');
  ctx.tenant = tenant;

  let api = matchApi(tenant, ctx.tenantPath);
  if (api === null) return ctx.deny('route_not_found', 'resolve');
  let apiPath =
    ctx.tenantPath.length === api.basePath.length ? '/' : ctx.tenantPath.slice(api.basePath.length);

  const group = tenant.edge.versionGroups.get(api.basePath);
  if (group !== undefined) {
    const chosen = chooseVersion(group, apiPath, ctx.apiVersion);
    if (chosen === null) return ctx.deny('version_not_found', 'resolve');
    api = chosen.api;
    apiPath = chosen.apiPath;
  }
  ctx.api = api;
  ctx.apiPath = apiPath;

  const route = matchRoute(api.routes, ctx.method, apiPath);
  if (route === null) return ctx.deny('route_not_found', 'resolve');
  ctx.route = route;

  if (ctx.hasBody) {
    ctx.maxBodyBytes = tenant.edge.bodyLimits.get(route.id) ?? deps.edge.maxBodyBytes;
    // The limit is receive's rule, applied as soon as the route (and so its limit) is known.
    if (declaredBodyTooLarge(ctx)) return ctx.deny('request_body_too_large', 'receive');
  }
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
  const byDomain = deps.edge.customDomains.lookup(host);
  if (byDomain !== undefined) {
    ctx.tenantPath = ctx.path;
    return byDomain;
  }
  const path = ctx.path;
  if (!path.startsWith('/t/')) return undefined;
  const end = path.indexOf('/', 3);
  const slug = end === -1 ? path.slice(3) : path.slice(3, end);
  ctx.tenantPath = end === -1 ? '/' : path.slice(end);
  return slug.length === 0 ? undefined : deps.snapshots.bySlug(slug);
}

/**
 * A version named in the path (the segment after the base path, not forwarded) wins; else
 * the `Api-Version` header, when the base path has header versions (an unknown one is
 * refused, not defaulted); else the default version. null: `version_not_found`.
 */
export function chooseVersion(
  group: VersionGroup,
  apiPath: string,
  header: string | null,
): { api: CompiledApi; apiPath: string } | null {
  if (group.byPath.size > 0 && apiPath.length > 1) {
    const end = apiPath.indexOf('/', 1);
    const segment = end === -1 ? apiPath.slice(1) : apiPath.slice(1, end);
    const api = group.byPath.get(segment);
    if (api !== undefined) return { api, apiPath: end === -1 ? '/' : apiPath.slice(end) };
  }
  if (header !== null && group.byHeader.size > 0) {
    const api = group.byHeader.get(header);
    return api === undefined ? null : { api, apiPath };
  }
  return group.fallback === null ? null : { api: group.fallback, apiPath };
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
