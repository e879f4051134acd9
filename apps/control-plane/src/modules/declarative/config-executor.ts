import { Injectable } from '@nestjs/common';
import { isTollgateError, TollgateError } from '@tollgate/errors';
import { type FieldError, validationFailed } from '../../common/validation.js';
import type { ApiOutput, ApiPoliciesInput, UpdateApiInput } from '../apis/apis.schemas.js';
import { ApisService } from '../apis/apis.service.js';
import type { PlanOutput, UpdatePlanInput } from '../plans/plans.schemas.js';
import { PlansService } from '../plans/plans.service.js';
import type { RoutePoliciesInput } from '../routes/routes.schemas.js';
import { RoutesService } from '../routes/routes.service.js';
import type { TenantAccess } from '../tenancy/tenant-access.js';
import { UpstreamTargetsService } from '../upstream-targets/upstream-targets.service.js';
import type { ConfigDocument } from './config-document.schemas.js';
import { type ApiSpec, type PlanSpec, sameValue, type TenantSpec } from './config-spec.js';
import { apiKeyOf, routeKeyOf } from './natural-keys.js';

/** Where each keyed entry sits in the document, for field errors the user can find. */
class DocumentPaths {
  private readonly apis = new Map<string, number>();
  private readonly routes = new Map<string, number>();
  private readonly targets = new Map<string, number>();
  private readonly plans = new Map<string, number>();

  constructor(document: ConfigDocument) {
    for (const [a, api] of document.apis.entries()) {
      const key = apiKeyOf(api);
      this.apis.set(key, a);
      for (const [r, route] of api.routes.entries()) this.routes.set(`${key} ${routeKeyOf(route)}`, r);
      for (const [t, target] of api.upstreamTargets.entries()) this.targets.set(`${key} ${target.url}`, t);
    }
    for (const [p, plan] of document.plans.entries()) this.plans.set(plan.name, p);
  }

  api(key: string): string {
    return `document.apis.${this.apis.get(key) ?? key}`;
  }

  route(api: string, route: string): string {
    return `${this.api(api)}.routes.${this.routes.get(`${api} ${route}`) ?? route}`;
  }

  target(api: string, url: string): string {
    return `${this.api(api)}.upstreamTargets.${this.targets.get(`${api} ${url}`) ?? url}`;
  }

  plan(name: string): string {
    return `document.plans.${this.plans.get(name) ?? name}`;
  }
}

/**
 * Runs `work` (one service call) with its errors placed in the document: field errors get the
 * entry's path as prefix, a conflict or not-found names the entry in its detail.
 */
async function at<T>(path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isTollgateError(error)) throw error;
    if (error.code === 'validation_failed') {
      const errors = (error.extensions.errors as FieldError[] | undefined) ?? [];
      throw validationFailed(
        errors.map((e) => ({ path: e.path ? `${path}.${e.path}` : path, message: e.message })),
      );
    }
    throw new TollgateError(error.code, `${path}: ${error.message}`, error.extensions);
  }
}

/** The fields of `want` that differ from `have`, as an update input. */
function changed<T extends object>(have: T, want: T, fields: (keyof T)[]): Partial<T> {
  return Object.fromEntries(
    fields.filter((f) => !sameValue(have[f], want[f])).map((f) => [f, want[f]]),
  ) as Partial<T>;
}

/**
 * Makes the tenant's config equal a document by calling the domain services, the way the console
 * does (their checks, their audit events), inside the caller's transaction. Order: existing APIs
 * and new ones with their targets and routes, then plans (which may name new APIs), then the
 * APIs the document dropped (once no plan covers them).
 */
@Injectable()
export class ConfigExecutor {
  constructor(
    private readonly apis: ApisService,
    private readonly routes: RoutesService,
    private readonly targets: UpstreamTargetsService,
    private readonly plans: PlansService,
  ) {}

  async execute(
    access: TenantAccess,
    document: ConfigDocument,
    live: { apis: ApiOutput[]; plans: PlanOutput[] },
    desired: TenantSpec,
  ): Promise<void> {
    const paths = new DocumentPaths(document);
    const liveApis = new Map(live.apis.map((api) => [apiKeyOf(api), api]));
    const ids = new Map<string, string>();
    for (const want of desired.apis) {
      const key = apiKeyOf(want);
      ids.set(key, await this.api(access, liveApis.get(key), want, paths));
    }
    const livePlans = new Map(live.plans.map((plan) => [plan.name, plan]));
    for (const want of desired.plans) await this.plan(access, livePlans.get(want.name), want, ids, paths);
    const wanted = new Set(desired.apis.map(apiKeyOf));
    for (const [key, api] of liveApis)
      if (!wanted.has(key)) await at(`API ${key}`, () => this.apis.delete(access, api.id));
  }

  /** Creates or updates one API, then its targets and routes; returns its id. */
  private async api(
    access: TenantAccess,
    have: ApiOutput | undefined,
    want: ApiSpec,
    paths: DocumentPaths,
  ): Promise<string> {
    const key = apiKeyOf(want);
    const path = paths.api(key);
    const fields = {
      name: want.name,
      description: want.description,
      upstreamUrl: want.upstreamUrl,
      sandboxUpstreamUrl: want.sandboxUpstreamUrl,
      version: want.version,
      policies: want.policies as ApiPoliciesInput,
    };
    let apiId: string;
    if (have === undefined) {
      apiId = (await at(path, () => this.apis.create(access, { ...fields, basePath: want.basePath }))).id;
    } else {
      apiId = have.id;
      // Targets leave first: a new upstream path must not meet targets on the old one.
      const urls = new Set(want.upstreamTargets.map((t) => t.url));
      for (const target of have.upstreamTargets.filter((t) => !urls.has(t.url)))
        await at(path, () => this.targets.delete(access, apiId, target.id));
      const update: UpdateApiInput = changed(
        { ...have, policies: have.policies as ApiPoliciesInput },
        { ...have, ...fields },
        ['name', 'description', 'upstreamUrl', 'sandboxUpstreamUrl', 'version', 'policies'],
      );
      if (Object.keys(update).length > 0) await at(path, () => this.apis.update(access, apiId, update));
    }
    // Read again: a new API comes with its catch-all route.
    const current = await this.apis.get(access, apiId);
    const haveTargets = new Map(current.upstreamTargets.map((t) => [t.url, t]));
    for (const target of want.upstreamTargets) {
      const targetPath = paths.target(key, target.url);
      const found = haveTargets.get(target.url);
      if (found === undefined) await at(targetPath, () => this.targets.create(access, apiId, target));
      else if (found.weight !== target.weight)
        await at(targetPath, () => this.targets.update(access, apiId, found.id, { weight: target.weight }));
    }
    const routeKeys = new Set(want.routes.map(routeKeyOf));
    for (const route of current.routes.filter((r) => !routeKeys.has(routeKeyOf(r))))
      await at(path, () => this.routes.delete(access, apiId, route.id));
    const haveRoutes = new Map(current.routes.map((r) => [routeKeyOf(r), r]));
    for (const route of want.routes) {
      const routePath = paths.route(key, routeKeyOf(route));
      const policies = route.policies as RoutePoliciesInput;
      const found = haveRoutes.get(routeKeyOf(route));
      if (found === undefined) {
        const input = { method: route.method, pathTemplate: route.pathTemplate, name: route.name, policies };
        await at(routePath, () => this.routes.create(access, apiId, input));
        continue;
      }
      const update = changed({ name: found.name, policies: found.policies }, { name: route.name, policies }, [
        'name',
        'policies',
      ]);
      if (Object.keys(update).length > 0)
        await at(routePath, () => this.routes.update(access, apiId, found.id, update));
    }
    return apiId;
  }

  private async plan(
    access: TenantAccess,
    have: PlanOutput | undefined,
    want: PlanSpec,
    apiIds: Map<string, string>,
    paths: DocumentPaths,
  ): Promise<void> {
    const path = paths.plan(want.name);
    const terms = {
      visibility: want.visibility,
      rateLimit: want.rateLimit,
      monthlyQuota: want.monthlyQuota,
      apiIds: want.apis.map((key) => apiIds.get(key) ?? key),
      pricing: want.pricing,
      trialDays: want.trialDays,
    };
    if (have === undefined) {
      await at(path, () => this.plans.create(access, { name: want.name, ...terms }));
      return;
    }
    const { currency: _currency, ...pricing } = have.pricing;
    const update: UpdatePlanInput = changed(
      { ...have, apiIds: [...have.apiIds].sort(), pricing },
      { ...have, ...terms, apiIds: [...terms.apiIds].sort() },
      ['visibility', 'rateLimit', 'monthlyQuota', 'apiIds', 'pricing', 'trialDays'],
    );
    if (Object.keys(update).length > 0) await at(path, () => this.plans.update(access, have.id, update));
  }
}
