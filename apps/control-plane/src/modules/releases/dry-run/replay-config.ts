import {
  buildVersionGroups,
  type ConfigSnapshot,
  callerRate,
  chooseVersion,
  compareRoutes,
  compileRoutePattern,
  emissionIntervalMs,
  indexApisByFirstSegment,
  matchApi,
  matchRoute,
  quotaFor,
  type RateLimit,
  type RoutePattern,
  type SnapshotPlan,
  type VersionGroup,
} from '@tollgate/contracts';

/**
 * One config snapshot as the dry run replays it: the gateway's own route matching and limit
 * choice (from @tollgate/contracts), without upstreams, transforms or secrets.
 */

interface ReplayApi {
  id: string;
  basePath: string;
  basePathSlash: string;
  routes: RoutePattern[];
  apiRate: RateLimit | null;
}

export interface ReplayRoute {
  apiId: string;
  routeId: string;
}

export type ResolveOutcome = ReplayRoute | { denyCode: 'route_not_found' | 'version_not_found' };

/** What the limit stage applies to one (route, plan, environment). */
export interface ReplayLimits {
  rate: { emissionMs: number; burst: number } | null;
  rateIsRoute: boolean;
  api: { emissionMs: number; burst: number } | null;
  quota: number | null;
}

const gcraOf = (rate: RateLimit) => ({ emissionMs: emissionIntervalMs(rate), burst: rate.burst });

export class ReplayConfig {
  readonly slug: string;
  private readonly index: Map<string, ReplayApi[]>;
  private readonly versions: Map<string, VersionGroup<ReplayApi>>;
  private readonly apis = new Map<string, ReplayApi>();
  private readonly routeOverrides = new Map<string, RateLimit | null>();
  private readonly routes = new Map<string, { method: string; pathTemplate: string }>();
  private readonly plans = new Map<string, SnapshotPlan>();

  constructor(snapshot: ConfigSnapshot) {
    this.slug = snapshot.tenantSlug;
    const apis: ReplayApi[] = snapshot.apis.map((api) => ({
      id: api.id,
      basePath: api.basePath,
      basePathSlash: `${api.basePath}/`,
      routes: api.routes.map(compileRoutePattern).sort(compareRoutes),
      apiRate: api.policies.apiRateLimit ?? null,
    }));
    for (const api of apis) this.apis.set(api.id, api);
    this.index = indexApisByFirstSegment(apis);
    this.versions = buildVersionGroups(
      snapshot.apis.map((api, i) => ({
        api: apis[i]!,
        basePath: api.basePath,
        version: api.policies.version,
      })),
    );
    for (const api of snapshot.apis) {
      for (const route of api.routes) {
        this.routes.set(route.id, { method: route.method, pathTemplate: route.pathTemplate });
        if (route.policies.rateLimit !== undefined)
          this.routeOverrides.set(route.id, route.policies.rateLimit);
      }
    }
    for (const plan of snapshot.plans) this.plans.set(`${plan.id}@${plan.version}`, plan);
  }

  /**
   * The resolve stage for a recorded request of this tenant: the `/t/{slug}` prefix (when the
   * request came that way) is cut, then API, version (the recorded one, as `Api-Version`) and route.
   */
  resolve(method: string, path: string, apiVersion: string | null): ResolveOutcome {
    const prefix = `/t/${this.slug}`;
    const tenantPath =
      path === prefix ? '/' : path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path;
    let api = matchApi(this.index, tenantPath);
    if (api === null) return { denyCode: 'route_not_found' };
    let apiPath = tenantPath.length === api.basePath.length ? '/' : tenantPath.slice(api.basePath.length);
    const group = this.versions.get(api.basePath);
    if (group !== undefined) {
      const chosen = chooseVersion(group, apiPath, apiVersion);
      if (chosen === null) return { denyCode: 'version_not_found' };
      api = chosen.api;
      apiPath = chosen.apiPath;
    }
    const route = matchRoute(api.routes, method, apiPath);
    return route === null ? { denyCode: 'route_not_found' } : { apiId: api.id, routeId: route.id };
  }

  plan(planId: string, version: number): SnapshotPlan | null {
    return this.plans.get(`${planId}@${version}`) ?? null;
  }

  /** The authorize stage's plan check: the key's plan version is in the snapshot and covers the API. */
  planCovers(planId: string, version: number, apiId: string): boolean {
    return this.plan(planId, version)?.apiIds.includes(apiId) ?? false;
  }

  route(routeId: string): { method: string; pathTemplate: string } | null {
    return this.routes.get(routeId) ?? null;
  }

  /** The limit stage's recipe, chosen as `compile-limits.ts` chooses it. */
  limits(route: ReplayRoute, plan: SnapshotPlan | null, environment: 'live' | 'test' | null): ReplayLimits {
    const override = this.routeOverrides.get(route.routeId);
    const rate = callerRate(override, () => plan?.rateLimit ?? null);
    const apiRate = this.apis.get(route.apiId)?.apiRate ?? null;
    return {
      rate: rate === null ? null : gcraOf(rate),
      rateIsRoute: override !== undefined && override !== null,
      api: apiRate === null ? null : gcraOf(apiRate),
      quota: quotaFor(plan, environment),
    };
  }
}
