import {
  type ApiVersion,
  type ConfigSnapshot,
  type ConfigSnapshotInput,
  configSnapshotSchema,
  type HttpMethod,
  type SealedSecret,
} from '@tollgate/contracts';
import { type DomainSnapshotConfig, domainPolicies } from '../domains/domain-snapshot.js';

type ApiRow = TenantConfig['apis'][number];
type ApiPoliciesInput = ConfigSnapshotInput['apis'][number]['policies'];
type TenantPoliciesInput = NonNullable<ConfigSnapshotInput['policies']>;

/**
 * What Postgres holds about one tenant's published configuration. Policies are the stored JSON
 * (validated when saved; the release checks validate them again); secrets are sealed.
 */
export interface TenantConfig {
  tenant: { id: string; slug: string };
  /** Verified custom domains and their certificates (keys sealed); absent: none. */
  domains?: DomainSnapshotConfig;
  /** The tenant's JWT and OAuth2 settings as stored (client secret sealed); each null when not set. */
  identityProviders: { jwt: unknown; oauth2: unknown };
  apis: Array<{
    id: string;
    name: string;
    basePath: string;
    upstreamUrl: string;
    sandboxUpstreamUrl: string | null;
    /** Empty: unversioned. */
    versionName: string;
    versionBy: string | null;
    versionDefault: boolean;
    policies: unknown;
    signingSecrets: SealedSecret[];
    upstreamTargets: Array<{ url: string; weight: number }>;
    routes: Array<{ id: string; method: string; pathTemplate: string; policies: unknown }>;
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
        // An unknown method or a bad policy is reported by the release checks (schema), not thrown here.
        .map((r) => ({
          id: r.id,
          method: r.method as HttpMethod,
          pathTemplate: r.pathTemplate,
          policies: (r.policies ?? {}) as NonNullable<
            ConfigSnapshotInput['apis'][number]['routes'][number]['policies']
          >,
        })),
      policies: apiPolicies(api),
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
    policies: tenantPolicies(config, options),
  };
}

/**
 * The stored API policies plus what lives in columns and tables of its own: the version,
 * the load-balanced targets (by URL, so the order is fixed) and the sealed signing secrets.
 */
function apiPolicies(api: ApiRow): ApiPoliciesInput {
  const policies = { ...((api.policies ?? {}) as object) } as NonNullable<ApiPoliciesInput>;
  if (api.versionName !== '')
    policies.version = {
      name: api.versionName,
      by: api.versionBy as ApiVersion['by'],
      default: api.versionDefault,
    };
  if (api.upstreamTargets.length > 0)
    policies.targets = [...api.upstreamTargets]
      .sort(byKey((t) => t.url))
      .map((t) => ({ url: t.url, weight: t.weight }));
  if (api.signingSecrets.length > 0) policies.signingSecrets = api.signingSecrets;
  return policies;
}

function tenantPolicies(config: TenantConfig, options: CompileOptions): TenantPoliciesInput {
  const { jwt, oauth2 } = config.identityProviders;
  const policies: TenantPoliciesInput = {
    allowPrivateUpstreams: options.allowPrivateUpstreams,
    ...domainPolicies(config.domains),
  };
  if (jwt || oauth2)
    policies.auth = {
      ...(jwt ? { jwt: jwt as NonNullable<TenantPoliciesInput['auth']>['jwt'] } : {}),
      ...(oauth2 ? { oauth2: oauth2 as NonNullable<TenantPoliciesInput['auth']>['oauth2'] } : {}),
    };
  return policies;
}

/** Compiles and validates (throws on a snapshot the gateway could not load). */
export function compileSnapshot(config: TenantConfig, options: CompileOptions): ConfigSnapshot {
  return configSnapshotSchema.parse(buildSnapshot(config, options));
}
