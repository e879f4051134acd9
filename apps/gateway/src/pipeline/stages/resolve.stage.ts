import { chooseVersion, matchApi, matchRoute } from '@tollgate/contracts';
import type { CompiledSnapshot } from '../../config/compiled-snapshot.js';
import { declaredBodyTooLarge } from '../../edge/body-limit.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import type { RequestContext } from '../request-context.js';

/**
 * resolve: tenant (host `{slug}.<domain>`, a verified custom domain, else a `/t/{slug}`
 * prefix), then the API by the longest base path, then its version (path segment or
 * `Api-Version` header) when several versions share the base path, then the route by
 * method and template. Works on the path `receive` already normalised, so no other
 * spelling of a path can reach a route; `apiPath` (what is forwarded) is cut from it.
 * Last, a declared body is held against the route's limit, before anything is forwarded.
 * Matching itself is shared with the release dry run (`routing/` of @tollgate/contracts).
 */
export function resolve(ctx: RequestContext, deps: PipelineDeps): boolean {
  const tenant = resolveTenant(ctx, deps);
  if (tenant === undefined) return ctx.deny('tenant_not_found', 'resolve');
  ctx.tenant = tenant;

  let api = matchApi(tenant.apisByFirstSegment, ctx.tenantPath);
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
