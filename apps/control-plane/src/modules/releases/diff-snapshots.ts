import {
  type ConfigSnapshot,
  type SnapshotApi,
  type SnapshotPlan,
  type SnapshotRoute,
  tenantPoliciesSchema,
} from '@tollgate/contracts';
import {
  describePolicy,
  describeRateLimit,
  isLimitPolicy,
  type PolicyLevel,
  policyHighlights,
  policyLabel,
  redactPolicy,
} from './describe-policy.js';
import type { ReleaseChange } from './releases.schemas.js';

export type { ReleaseChange };

/** Key order does not matter when comparing policy values. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

const same = (a: unknown, b: unknown) => stable(a) === stable(b);

const routeName = (route: Pick<SnapshotRoute, 'method' | 'pathTemplate'>) =>
  `${route.method} ${route.pathTemplate}`;

function describeQuota(quota: number | null): string {
  return quota === null ? 'unlimited' : `${quota} calls a month`;
}

/** Values whose words are equal yet differ (a rotated secret): say what changed. */
function sameWords(name: string, level: PolicyLevel, before: unknown, after: unknown): string {
  if (name === 'auth' && level === 'tenant') {
    const secret = (v: unknown) =>
      (v as { oauth2?: { clientSecret?: unknown } } | undefined)?.oauth2?.clientSecret;
    if (!same(secret(before), secret(after))) return 'OAuth2 client secret replaced';
  }
  if (name === 'signingSecrets') return 'a signing secret replaced';
  return 'settings changed';
}

/**
 * Policies (top-level keys) that differ, one line each in words (`Rate limit of GET /a on
 * Weather: the plan's → 5 per 1s (burst 5)`): limits as `limit.changed`, the rest as
 * `policy.changed`; `before`/`after` carry the values with secrets left out.
 */
function policyChanges(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  where: string,
  level: PolicyLevel,
  context: Pick<ReleaseChange, 'api' | 'route'>,
): ReleaseChange[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names
    .filter((name) => !same(before[name], after[name]))
    .map((name) => {
      const was = describePolicy(name, before[name], level);
      const now = describePolicy(name, after[name], level);
      const words = was === now ? sameWords(name, level, before[name], after[name]) : `${was} → ${now}`;
      return {
        kind: isLimitPolicy(name) ? ('limit.changed' as const) : ('policy.changed' as const),
        ...context,
        policy: name,
        summary: `${policyLabel(name, level)} of ${where}: ${words}`,
        before: redactPolicy(name, before[name], level),
        after: redactPolicy(name, after[name], level),
      };
    });
}

/** A new route, with the policies a caller notices first (auth, limits, CORS, cache…). */
function routeAdded(api: string, route: SnapshotRoute): ReleaseChange {
  const name = routeName(route);
  return {
    kind: 'route.added',
    api,
    route: name,
    summary: `New route ${name} on ${api}${policyHighlights(route.policies, 'route')}`,
  };
}

function apiChanges(before: SnapshotApi, after: SnapshotApi): ReleaseChange[] {
  const api = after.name;
  const changes: ReleaseChange[] = [];
  const fields: Array<[string, unknown, unknown]> = [
    ['name', before.name, after.name],
    ['base path', before.basePath, after.basePath],
    ['upstream', before.upstream.url, after.upstream.url],
    ['sandbox upstream', before.sandboxUpstream?.url ?? null, after.sandboxUpstream?.url ?? null],
  ];
  for (const [field, was, now] of fields) {
    if (was === now) continue;
    changes.push({
      kind: 'api.changed',
      api,
      summary: `${api}: ${field} ${was ?? 'none'} → ${now ?? 'none'}`,
      before: was,
      after: now,
    });
  }
  changes.push(...policyChanges(before.policies, after.policies, api, 'api', { api }));

  const beforeRoutes = new Map(before.routes.map((r) => [routeName(r), r]));
  const afterRoutes = new Map(after.routes.map((r) => [routeName(r), r]));
  for (const [name, route] of afterRoutes) {
    const was = beforeRoutes.get(name);
    if (was === undefined) {
      changes.push(routeAdded(api, route));
      continue;
    }
    changes.push(
      ...policyChanges(was.policies, route.policies, `${name} on ${api}`, 'route', { api, route: name }),
    );
  }
  for (const name of beforeRoutes.keys()) {
    if (!afterRoutes.has(name))
      changes.push({ kind: 'route.removed', api, route: name, summary: `Route ${name} removed from ${api}` });
  }
  return changes;
}

/** The newest version of each plan: what new subscriptions get, so what the diff compares. */
function newestPlans(plans: SnapshotPlan[]): Map<string, SnapshotPlan> {
  const newest = new Map<string, SnapshotPlan>();
  for (const plan of plans) {
    const seen = newest.get(plan.id);
    if (seen === undefined || plan.version > seen.version) newest.set(plan.id, plan);
  }
  return newest;
}

function planChanges(
  before: SnapshotPlan,
  after: SnapshotPlan,
  apiNames: Map<string, string>,
): ReleaseChange[] {
  const plan = after.name;
  const changes: ReleaseChange[] = [];
  if (before.version !== after.version)
    changes.push({
      kind: 'plan.changed',
      plan,
      summary: `Plan ${plan} moves from version ${before.version} to ${after.version}`,
      before: before.version,
      after: after.version,
    });
  if (!same(before.rateLimit, after.rateLimit))
    changes.push({
      kind: 'limit.changed',
      plan,
      policy: 'rateLimit',
      summary: `Rate limit of plan ${plan}: ${describeRateLimit(before.rateLimit)} → ${describeRateLimit(after.rateLimit)}`,
      before: before.rateLimit,
      after: after.rateLimit,
    });
  if (before.monthlyQuota !== after.monthlyQuota)
    changes.push({
      kind: 'limit.changed',
      plan,
      policy: 'monthlyQuota',
      summary: `Monthly quota of plan ${plan}: ${describeQuota(before.monthlyQuota)} → ${describeQuota(after.monthlyQuota)}`,
      before: before.monthlyQuota,
      after: after.monthlyQuota,
    });
  const name = (id: string) => apiNames.get(id) ?? id;
  for (const id of after.apiIds.filter((id) => !before.apiIds.includes(id)))
    changes.push({
      kind: 'plan.changed',
      plan,
      api: name(id),
      summary: `Plan ${plan} now covers ${name(id)}`,
    });
  for (const id of before.apiIds.filter((id) => !after.apiIds.includes(id)))
    changes.push({
      kind: 'plan.changed',
      plan,
      api: name(id),
      summary: `Plan ${plan} no longer covers ${name(id)}`,
    });
  return changes;
}

/**
 * What publishing `to` changes for callers compared with `from` (the live version; null
 * when nothing is live yet): APIs, routes, policies, plans and limits added, removed or
 * changed. APIs and plans are matched by id (so a rename reads as a change), routes by
 * method and template. Pure: the same two snapshots always give the same list, in order.
 */
export function diffSnapshots(from: ConfigSnapshot | null, to: ConfigSnapshot): ReleaseChange[] {
  const changes: ReleaseChange[] = [];
  const beforeApis = new Map((from?.apis ?? []).map((api) => [api.id, api]));
  const afterApis = new Map(to.apis.map((api) => [api.id, api]));
  for (const [id, api] of afterApis) {
    const was = beforeApis.get(id);
    if (was === undefined) {
      changes.push({
        kind: 'api.added',
        api: api.name,
        summary: `New API ${api.name} at ${api.basePath}${policyHighlights(api.policies, 'api')}`,
      });
      for (const route of api.routes) changes.push(routeAdded(api.name, route));
    } else {
      changes.push(...apiChanges(was, api));
    }
  }
  for (const [id, api] of beforeApis) {
    if (!afterApis.has(id))
      changes.push({
        kind: 'api.removed',
        api: api.name,
        summary: `API ${api.name} at ${api.basePath} removed: its routes answer route_not_found`,
      });
  }

  // Before the first version the tenant has the default policies: only settings that differ show.
  changes.push(
    ...policyChanges(
      from?.policies ?? tenantPoliciesSchema.parse({}),
      to.policies,
      'the tenant',
      'tenant',
      {},
    ),
  );

  const apiNames = new Map([...beforeApis, ...afterApis].map(([id, api]) => [id, api.name]));
  const beforePlans = newestPlans(from?.plans ?? []);
  const afterPlans = newestPlans(to.plans);
  for (const [id, plan] of afterPlans) {
    const was = beforePlans.get(id);
    if (was === undefined)
      changes.push({
        kind: 'plan.added',
        plan: plan.name,
        summary: `New plan ${plan.name} (version ${plan.version}): ${describeRateLimit(plan.rateLimit)}, ${describeQuota(plan.monthlyQuota)}`,
      });
    else changes.push(...planChanges(was, plan, apiNames));
  }
  for (const [id, plan] of beforePlans) {
    if (!afterPlans.has(id))
      changes.push({
        kind: 'plan.removed',
        plan: plan.name,
        summary: `Plan ${plan.name} removed: its keys stop working`,
      });
  }
  return changes;
}
