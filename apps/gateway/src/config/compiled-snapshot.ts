import {
  type ConfigSnapshot,
  compareRoutes,
  compileRoutePattern,
  type HttpMethod,
  indexApisByFirstSegment,
  type RoutePattern,
  type SnapshotApi,
  type SnapshotPlan,
} from '@tollgate/contracts';
import type { SecretBox } from '@tollgate/secrets';
import type { Dispatcher } from 'undici';
import { type CompiledAuth, compileAuth } from '../auth/compile-auth.js';
import { type CompiledIpRules, compileIpRules } from '../auth/ip-rules.js';
import { type CompiledEdge, compileEdge } from '../edge/compile-edge.js';
import { type CompiledLimits, compileLimits } from '../limits/compile-limits.js';
import { fixedDispatcherCompiler, type UpstreamCompiler } from '../proxy/compile-upstreams.js';
import type { UpstreamGroup } from '../proxy/upstream-group.js';
import { type CompiledTls, compileTls } from '../tls/compile-tls.js';
import { compileTransforms, noTransform, type RouteTransform } from '../transform/compile-transform.js';

/**
 * A snapshot turned into the lookup structures the hot path reads: everything that can be
 * worked out once per snapshot (route order, base path index, plan map, upstream pools) is
 * worked out here, so a request only does map lookups and string compares.
 */

/** A route as matched (see `matchRoute` in @tollgate/contracts) plus what the later stages apply. */
export interface CompiledRoute extends RoutePattern {
  /** Rewrite, header changes, CORS and signing keys (api + route policies merged). */
  transform: RouteTransform;
}

/** An API's live or sandbox upstream: targets, balancer, health, proxy settings (see proxy/). */
export type CompiledUpstream = UpstreamGroup;

export interface CompiledApi {
  id: string;
  name: string;
  basePath: string;
  /** `basePath + '/'`, precomputed for prefix tests. */
  basePathSlash: string;
  /** The version name this API serves (its version policy), for the usage event; null when unversioned. */
  version: string | null;
  /** Most specific first: the first match wins. */
  routes: CompiledRoute[];
  upstream: CompiledUpstream;
  sandbox: CompiledUpstream | null;
  /** Client IP allow/deny lists of the API (authorize). */
  ipRules: CompiledIpRules | null;
}

export interface CompiledSnapshot {
  snapshot: ConfigSnapshot;
  tenantId: string;
  slug: string;
  version: number;
  /** APIs by the first segment of their base path, longest base path first. */
  apisByFirstSegment: Map<string, CompiledApi[]>;
  /** Plans by id, then by version. */
  plans: Map<string, Map<number, CompiledPlan>>;
  /** Auth mode per route and the tenant's JWT / OAuth2 settings (authenticate). */
  auth: CompiledAuth;
  /** API versions, body limits, custom domains (receive/resolve). */
  edge: CompiledEdge;
  /** Custom domains' TLS certificates, by domain, for SNI on the HTTPS port. */
  tls: CompiledTls;
  /** Rate limits, quotas, API-wide limits, concurrency cap (limit). */
  limits: CompiledLimits;
}

export interface CompiledPlan {
  plan: SnapshotPlan;
  apiIds: ReadonlySet<string>;
}

/** Gives the shared dispatcher (connection pool) of an upstream origin (tests: one fixed dispatcher). */
export type DispatcherFor = (origin: string) => Dispatcher;

export function compileRoute(route: { id: string; method: HttpMethod; pathTemplate: string }): CompiledRoute {
  return { ...compileRoutePattern(route), transform: noTransform };
}

function compileApi(snapshot: ConfigSnapshot, api: SnapshotApi, upstreams: UpstreamCompiler): CompiledApi {
  return {
    id: api.id,
    name: api.name,
    basePath: api.basePath,
    basePathSlash: `${api.basePath}/`,
    version: api.policies.version?.name ?? null,
    routes: api.routes.map(compileRoute).sort(compareRoutes),
    upstream: upstreams.compile(snapshot, api, 'live')!,
    sandbox: upstreams.compile(snapshot, api, 'sandbox'),
    ipRules: compileIpRules(api.policies.ipRules),
  };
}

/**
 * `secrets` opens the sealed secrets a snapshot carries (null without MASTER_KEY: such a
 * snapshot then fails to compile, and the loader skips it with a log line).
 */
export function compileSnapshot(
  snapshot: ConfigSnapshot,
  upstreamsOrDispatcher: UpstreamCompiler | DispatcherFor,
  secrets: SecretBox | null = null,
): CompiledSnapshot {
  const upstreams =
    typeof upstreamsOrDispatcher === 'function'
      ? fixedDispatcherCompiler(upstreamsOrDispatcher)
      : upstreamsOrDispatcher;
  const compiledApis: CompiledApi[] = [];
  for (const api of snapshot.apis) {
    const compiled = compileApi(snapshot, api, upstreams);
    compileTransforms(compiled, api, snapshot.tenantId, secrets);
    compiledApis.push(compiled);
  }
  const apisByFirstSegment = indexApisByFirstSegment(compiledApis);
  const plans = new Map<string, Map<number, CompiledPlan>>();
  for (const plan of snapshot.plans) {
    const versions = plans.get(plan.id) ?? new Map<number, CompiledPlan>();
    versions.set(plan.version, { plan, apiIds: new Set(plan.apiIds) });
    plans.set(plan.id, versions);
  }
  return {
    snapshot,
    tenantId: snapshot.tenantId,
    slug: snapshot.tenantSlug,
    version: snapshot.version,
    apisByFirstSegment,
    plans,
    auth: compileAuth(snapshot),
    edge: compileEdge(snapshot, compiledApis),
    tls: compileTls(snapshot, secrets),
    limits: compileLimits(snapshot),
  };
}
