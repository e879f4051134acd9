import type { ApiVersion, HttpMethod, RateLimit } from '@tollgate/contracts';
import type { ApiOutput } from '../apis/apis.schemas.js';
import type { OverageTier, PlanOutput } from '../plans/plans.schemas.js';
import { type ConfigDocument, configApiVersion, configKind } from './config-document.schemas.js';
import { apiKeyOf } from './natural-keys.js';

/**
 * A tenant's config in one canonical shape, whether read from the database or from a document:
 * what is absent is filled in (null, `{}`, `[]`), lists are in key order. The diff compares two
 * of these; the export writes one out.
 */
export interface RouteSpec {
  method: HttpMethod;
  pathTemplate: string;
  name: string | null;
  policies: Record<string, unknown>;
}

export interface TargetSpec {
  url: string;
  weight: number;
}

export interface ApiSpec {
  basePath: string;
  version: ApiVersion | null;
  name: string;
  description: string | null;
  upstreamUrl: string;
  sandboxUpstreamUrl: string | null;
  policies: Record<string, unknown>;
  routes: RouteSpec[];
  upstreamTargets: TargetSpec[];
  /** How many signing secrets the API has: exported as a count, never compared nor applied. */
  signingSecrets: number;
}

export interface PlanSpec {
  name: string;
  visibility: 'public' | 'private';
  /** API keys, sorted. */
  apis: string[];
  rateLimit: RateLimit | null;
  monthlyQuota: number | null;
  pricing: { baseFeeCents: number; includedCalls: number; overageTiers: OverageTier[] };
  trialDays: number;
}

export interface TenantSpec {
  apis: ApiSpec[];
  plans: PlanSpec[];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const by =
  <T>(key: (item: T) => string) =>
  (a: T, b: T) =>
    compare(key(a), key(b));

/** Object keys sorted at every depth, `undefined` dropped: one JSON text per value. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => compare(a, b))
      .map(([k, v]) => [k, canonical(v)]),
  );
}

export const sameValue = (a: unknown, b: unknown) =>
  JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

function sorted(spec: TenantSpec): TenantSpec {
  return {
    apis: spec.apis
      .map((api) => ({
        ...api,
        routes: [...api.routes].sort(by((r) => `${r.pathTemplate} ${r.method}`)),
        upstreamTargets: [...api.upstreamTargets].sort(by((t) => t.url)),
      }))
      .sort(by(apiKeyOf)),
    plans: [...spec.plans].sort(by((p) => p.name)),
  };
}

const policiesOf = (value: unknown) => (canonical(value ?? {}) as Record<string, unknown>) ?? {};

/** The tenant's config as the services answer it (`GET /apis`, `GET /plans`). */
export function specFromLive(apis: ApiOutput[], plans: PlanOutput[]): TenantSpec {
  const keys = new Map(apis.map((api) => [api.id, apiKeyOf(api)]));
  return sorted({
    apis: apis.map((api) => ({
      basePath: api.basePath,
      version: api.version,
      name: api.name,
      description: api.description,
      upstreamUrl: api.upstreamUrl,
      sandboxUpstreamUrl: api.sandboxUpstreamUrl,
      policies: policiesOf(api.policies),
      routes: api.routes.map((r) => ({
        method: r.method,
        pathTemplate: r.pathTemplate,
        name: r.name,
        policies: policiesOf(r.policies),
      })),
      upstreamTargets: api.upstreamTargets.map((t) => ({ url: t.url, weight: t.weight })),
      signingSecrets: api.signingSecrets.length,
    })),
    plans: plans.map((plan) => ({
      name: plan.name,
      visibility: plan.visibility,
      apis: plan.apiIds.map((id) => keys.get(id) ?? id).sort(compare),
      rateLimit: plan.rateLimit,
      monthlyQuota: plan.monthlyQuota,
      pricing: {
        baseFeeCents: plan.pricing.baseFeeCents,
        includedCalls: plan.pricing.includedCalls,
        overageTiers: plan.pricing.overageTiers,
      },
      trialDays: plan.trialDays,
    })),
  });
}

/** The config a (validated) document asks for. */
export function specFromDocument(document: ConfigDocument): TenantSpec {
  return sorted({
    apis: document.apis.map((api) => ({
      basePath: api.basePath,
      version: api.version ?? null,
      name: api.name,
      description: api.description ?? null,
      upstreamUrl: api.upstreamUrl,
      sandboxUpstreamUrl: api.sandboxUpstreamUrl ?? null,
      policies: policiesOf(api.policies),
      routes: api.routes.map((r) => ({
        method: r.method,
        pathTemplate: r.pathTemplate,
        name: r.name ?? null,
        policies: policiesOf(r.policies),
      })),
      upstreamTargets: api.upstreamTargets.map((t) => ({ url: t.url, weight: t.weight })),
      signingSecrets: api.signingSecrets?.count ?? 0,
    })),
    plans: document.plans.map((plan) => ({
      name: plan.name,
      visibility: plan.visibility,
      apis: [...new Set(plan.apis)].sort(compare),
      rateLimit: plan.rateLimit,
      monthlyQuota: plan.monthlyQuota,
      pricing: plan.pricing,
      trialDays: plan.trialDays,
    })),
  });
}

const isEmpty = (value: Record<string, unknown>) => Object.keys(value).length === 0;

/**
 * The document of a spec, as `export` answers it: fields in a fixed order, policy keys sorted,
 * empty and null optional fields left out, so exporting twice gives the same text.
 */
export function documentOf(spec: TenantSpec, tenantSlug: string) {
  return {
    apiVersion: configApiVersion,
    kind: configKind,
    metadata: { tenant: tenantSlug },
    apis: spec.apis.map((api) => ({
      basePath: api.basePath,
      ...(api.version ? { version: api.version } : {}),
      name: api.name,
      ...(api.description !== null ? { description: api.description } : {}),
      upstreamUrl: api.upstreamUrl,
      ...(api.sandboxUpstreamUrl !== null ? { sandboxUpstreamUrl: api.sandboxUpstreamUrl } : {}),
      ...(isEmpty(api.policies) ? {} : { policies: api.policies }),
      ...(api.signingSecrets > 0 ? { signingSecrets: { count: api.signingSecrets } } : {}),
      ...(api.upstreamTargets.length > 0 ? { upstreamTargets: api.upstreamTargets } : {}),
      routes: api.routes.map((route) => ({
        method: route.method,
        pathTemplate: route.pathTemplate,
        ...(route.name !== null ? { name: route.name } : {}),
        ...(isEmpty(route.policies) ? {} : { policies: route.policies }),
      })),
    })),
    plans: spec.plans.map((plan) => ({
      name: plan.name,
      visibility: plan.visibility,
      apis: plan.apis,
      rateLimit: plan.rateLimit,
      monthlyQuota: plan.monthlyQuota,
      pricing: plan.pricing,
      trialDays: plan.trialDays,
    })),
  };
}
