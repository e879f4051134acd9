import type { FieldChange, ResourceAction, ResourceChange, ResourceKind } from './config-document.schemas.js';
import type { ApiSpec, PlanSpec, RouteSpec, TargetSpec, TenantSpec } from './config-spec.js';
import { sameValue } from './config-spec.js';
import { apiKeyOf, routeKeyOf } from './natural-keys.js';

export type { ResourceChange };

/** Fields whose own keys are compared one by one (a policy, a price component). */
const nested = new Set(['policies', 'pricing']);

function fieldChanges<T extends object>(before: T, after: T, fields: (keyof T & string)[]): FieldChange[] {
  return fields.flatMap((field): FieldChange[] => {
    const was = before[field];
    const now = after[field];
    if (sameValue(was, now)) return [];
    if (!nested.has(field)) return [{ path: field, before: was, after: now }];
    const a = (was ?? {}) as Record<string, unknown>;
    const b = (now ?? {}) as Record<string, unknown>;
    return [...new Set([...Object.keys(a), ...Object.keys(b)])]
      .sort()
      .filter((key) => !sameValue(a[key], b[key]))
      .map((key) => ({ path: `${field}.${key}`, before: a[key] ?? null, after: b[key] ?? null }));
  });
}

const apiFields: (keyof ApiSpec & string)[] = [
  'name',
  'description',
  'upstreamUrl',
  'sandboxUpstreamUrl',
  'version',
  'policies',
];
const routeFields: (keyof RouteSpec & string)[] = ['name', 'policies'];
const targetFields: (keyof TargetSpec & string)[] = ['weight'];
const planFields: (keyof PlanSpec & string)[] = [
  'visibility',
  'apis',
  'rateLimit',
  'monthlyQuota',
  'pricing',
  'trialDays',
];

const labels: Record<ResourceKind, string> = {
  api: 'API',
  route: 'route',
  upstreamTarget: 'upstream target',
  plan: 'plan',
};

function change(
  action: ResourceAction,
  resource: ResourceKind,
  key: string,
  fields: FieldChange[],
  api?: string,
): ResourceChange {
  const verb = { create: 'Create', update: 'Update', delete: 'Delete' }[action];
  const where = api === undefined ? '' : ` on ${api}`;
  const what = fields.length > 0 ? `: ${fields.map((f) => f.path).join(', ')}` : '';
  return {
    action,
    resource,
    key,
    ...(api === undefined ? {} : { api }),
    fields,
    summary: `${verb} ${labels[resource]} ${key}${where}${what}`,
  };
}

/** Changes of items keyed by `keyOf`: deletions, then updates and creations in the wanted order. */
function diffKeyed<T extends object>(
  before: T[],
  after: T[],
  keyOf: (item: T) => string,
  resource: ResourceKind,
  fields: (keyof T & string)[],
  api?: string,
): ResourceChange[] {
  const was = new Map(before.map((item) => [keyOf(item), item]));
  const now = new Set(after.map(keyOf));
  const changes = before
    .filter((item) => !now.has(keyOf(item)))
    .map((item) => change('delete', resource, keyOf(item), [], api));
  for (const item of after) {
    const old = was.get(keyOf(item));
    if (old === undefined) changes.push(change('create', resource, keyOf(item), [], api));
    else {
      const differs = fieldChanges(old, item, fields);
      if (differs.length > 0) changes.push(change('update', resource, keyOf(item), differs, api));
    }
  }
  return changes;
}

/** Routes and targets of one API: for a new API, all of the document's are created. */
function childChanges(before: ApiSpec | undefined, after: ApiSpec): ResourceChange[] {
  const api = apiKeyOf(after);
  return [
    ...diffKeyed(before?.routes ?? [], after.routes, routeKeyOf, 'route', routeFields, api),
    ...diffKeyed(
      before?.upstreamTargets ?? [],
      after.upstreamTargets,
      (t) => t.url,
      'upstreamTarget',
      targetFields,
      api,
    ),
  ];
}

/**
 * What applying `desired` to `current` changes, resource by resource and field by field: each
 * API with its routes and targets, then the plans, then the APIs the document no longer has.
 * Pure: the same two specs give the same list, in order. Signing secrets are never compared.
 */
export function diffConfig(current: TenantSpec, desired: TenantSpec): ResourceChange[] {
  const apis = new Map(current.apis.map((api) => [apiKeyOf(api), api]));
  const wanted = new Set(desired.apis.map(apiKeyOf));
  const changes: ResourceChange[] = [];
  for (const api of desired.apis) {
    const was = apis.get(apiKeyOf(api));
    if (was === undefined) changes.push(change('create', 'api', apiKeyOf(api), []));
    else {
      const differs = fieldChanges(was, api, apiFields);
      if (differs.length > 0) changes.push(change('update', 'api', apiKeyOf(api), differs));
    }
    changes.push(...childChanges(was, api));
  }
  changes.push(
    ...diffKeyed(current.plans, desired.plans, (p) => p.name, 'plan', planFields).filter(
      (c) => c.action !== 'delete',
    ),
  );
  for (const api of current.apis)
    if (!wanted.has(apiKeyOf(api))) changes.push(change('delete', 'api', apiKeyOf(api), []));
  return changes;
}

/** Plans live but not in the document: apply never deletes a plan (subscriptions hold its versions). */
export function plansMissing(current: TenantSpec, desired: TenantSpec): string[] {
  const wanted = new Set(desired.plans.map((p) => p.name));
  return current.plans.map((p) => p.name).filter((name) => !wanted.has(name));
}
