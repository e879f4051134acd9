import {
  type ConfigSnapshot,
  type ConfigSnapshotInput,
  configSnapshotSchema,
  type HttpMethod,
} from '@tollgate/contracts';

/** What Postgres holds about one tenant's published configuration. */
export interface TenantConfig {
  tenant: { id: string; slug: string };
  apis: Array<{
    id: string;
    name: string;
    basePath: string;
    upstreamUrl: string;
    sandboxUpstreamUrl: string | null;
    routes: Array<{ id: string; method: string; pathTemplate: string }>;
  }>;
  planVersions: Array<{
    planId: string;
    name: string;
    version: number;
    apiIds: string[];
    rateLimitLimit: number | null;
    rateLimitWindowSeconds: number | null;
    rateLimitBurst: number | null;
    monthlyQuota: number | null;
  }>;
}

const byKey =
  <T>(key: (item: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

export interface CompileOptions {
  version: number;
  createdAt: Date;
  /** The tenant may use loopback/private upstreams (`ALLOWED_PRIVATE_UPSTREAM_TENANTS`). */
  allowPrivateUpstreams: boolean;
}

/**
 * Builds a tenant's snapshot document, not yet validated: the release checks validate it and
 * say what is wrong, rather than failing on the first problem. Ordering is fixed so equal
 * configs compare equal.
 */
export function buildSnapshot(config: TenantConfig, options: CompileOptions): ConfigSnapshotInput {
  const apis = [...config.apis].sort(byKey((a) => a.basePath));
  const plans = [...config.planVersions].sort(
    byKey((p) => `${p.planId}:${String(p.version).padStart(10, '0')}`),
  );
  return {
    tenantId: config.tenant.id,
    tenantSlug: config.tenant.slug,
    version: options.version,
    createdAt: options.createdAt.toISOString(),
    apis: apis.map((api) => ({
      id: api.id,
      name: api.name,
      basePath: api.basePath,
      upstream: { url: api.upstreamUrl },
      sandboxUpstream: api.sandboxUpstreamUrl ? { url: api.sandboxUpstreamUrl } : null,
      routes: [...api.routes]
        .sort(byKey((r) => `${r.pathTemplate} ${r.method}`))
        // An unknown method is reported by the release checks (schema), not thrown here.
        .map((r) => ({ id: r.id, method: r.method as HttpMethod, pathTemplate: r.pathTemplate })),
    })),
    plans: plans.map((p) => ({
      id: p.planId,
      version: p.version,
      name: p.name,
      apiIds: [...p.apiIds].sort(),
      rateLimit:
        p.rateLimitLimit !== null && p.rateLimitWindowSeconds !== null && p.rateLimitBurst !== null
          ? { limit: p.rateLimitLimit, windowSeconds: p.rateLimitWindowSeconds, burst: p.rateLimitBurst }
          : null,
      monthlyQuota: p.monthlyQuota,
    })),
    policies: { allowPrivateUpstreams: options.allowPrivateUpstreams },
  };
}

/** Compiles and validates (throws on a snapshot the gateway could not load). */
export function compileSnapshot(config: TenantConfig, options: CompileOptions): ConfigSnapshot {
  return configSnapshotSchema.parse(buildSnapshot(config, options));
}
