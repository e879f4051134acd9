import { Injectable } from '@nestjs/common';
import { httpMethodSchema, newId } from '@tollgate/contracts';
import type { Prisma } from '@tollgate/db';
import { TollgateError } from '@tollgate/errors';
import { type FieldError, validationFailed } from '../../common/validation.js';
import { ApiConfigRepository } from '../apis/api-config/api-config.repository.js';
import { authModeProblems } from '../apis/api-config/auth-modes.js';
import { ConfigChanges } from '../apis/api-config/config-changes.js';
import { AuditLog } from '../audit/audit-log.js';
import type { TenantAccess } from '../tenancy/tenant-access.js';
import { type RouteFields, type RouteRow, RoutesRepository } from './routes.repository.js';
import type {
  CreateRouteInput,
  RouteOutput,
  RoutePoliciesInput,
  UpdateRouteInput,
} from './routes.schemas.js';

/** The response cache stores GET answers (and serves HEAD from them): other methods never use it. */
const cacheableMethods = new Set(['GET', 'HEAD', 'ANY']);

function routeOutput(route: RouteRow): RouteOutput {
  return {
    id: route.id,
    method: httpMethodSchema.parse(route.method),
    pathTemplate: route.pathTemplate,
    name: route.name,
    policies: route.policies as Record<string, unknown>,
  };
}

/** What the audit log keeps of a route (it holds no secrets). */
const routeSummary = ({ id: _id, ...route }: RouteRow) => route as Prisma.InputJsonObject;

@Injectable()
export class RoutesService {
  constructor(
    private readonly routes: RoutesRepository,
    private readonly config: ApiConfigRepository,
    private readonly changes: ConfigChanges,
    private readonly audit: AuditLog,
  ) {}

  async list(access: TenantAccess, apiId: string): Promise<RouteOutput[]> {
    await this.config.apiOf(access.tenantId, apiId);
    return (await this.routes.list(apiId)).map(routeOutput);
  }

  async get(access: TenantAccess, apiId: string, routeId: string): Promise<RouteOutput> {
    return routeOutput(await this.found(access.tenantId, apiId, routeId));
  }

  async create(access: TenantAccess, apiId: string, input: CreateRouteInput): Promise<RouteOutput> {
    await this.config.apiOf(access.tenantId, apiId);
    const fields: RouteFields = {
      method: input.method,
      pathTemplate: input.pathTemplate,
      name: input.name ?? null,
      policies: (input.policies ?? {}) as Prisma.InputJsonObject,
    };
    await this.refuseInvalid(access.tenantId, fields.method, input.policies);
    const id = newId('route');
    const route = await this.changes.apply(access, `route.created ${id}`, async () => {
      const created = await this.routes.create({ ...fields, id, tenantId: access.tenantId, apiId });
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'route.created',
        target: { type: 'route', id },
        before: null,
        after: { apiId, ...routeSummary(created) },
      });
      return created;
    });
    return routeOutput(route);
  }

  /** Changes the fields given (`policies` as a whole); an empty change changes nothing. */
  async update(
    access: TenantAccess,
    apiId: string,
    routeId: string,
    input: UpdateRouteInput,
  ): Promise<RouteOutput> {
    const current = await this.found(access.tenantId, apiId, routeId);
    const fields: Partial<RouteFields> = {
      ...(input.method !== undefined ? { method: input.method } : {}),
      ...(input.pathTemplate !== undefined ? { pathTemplate: input.pathTemplate } : {}),
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.policies !== undefined ? { policies: input.policies as Prisma.InputJsonObject } : {}),
    };
    if (Object.keys(fields).length === 0) return routeOutput(current);
    await this.refuseInvalid(
      access.tenantId,
      fields.method ?? current.method,
      input.policies ?? (current.policies as RoutePoliciesInput),
    );
    const route = await this.changes.apply(access, `route.updated ${routeId}`, async () => {
      const before = await this.found(access.tenantId, apiId, routeId);
      const updated = await this.routes.update(routeId, fields);
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'route.updated',
        target: { type: 'route', id: routeId },
        before: { apiId, ...routeSummary(before) },
        after: { apiId, ...routeSummary(updated) },
      });
      return updated;
    });
    return routeOutput(route);
  }

  async delete(access: TenantAccess, apiId: string, routeId: string): Promise<void> {
    await this.changes.apply(access, `route.deleted ${routeId}`, async () => {
      const route = await this.found(access.tenantId, apiId, routeId);
      await this.routes.delete(routeId);
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'route.deleted',
        target: { type: 'route', id: routeId },
        before: { apiId, ...routeSummary(route) },
        after: null,
      });
    });
  }

  private async found(tenantId: string, apiId: string, routeId: string): Promise<RouteRow> {
    await this.config.apiOf(tenantId, apiId);
    const route = await this.routes.find(tenantId, apiId, routeId);
    if (route === null) throw new TollgateError('not_found', 'No such route on this API.');
    return route;
  }

  /** Policies that validate alone but not on this route or tenant (422, every problem at once). */
  private async refuseInvalid(
    tenantId: string,
    method: string,
    policies: RoutePoliciesInput | undefined,
  ): Promise<void> {
    const problems: FieldError[] = [];
    if (policies?.cache && !cacheableMethods.has(method))
      problems.push({
        path: 'policies.cache',
        message: `A ${method} route is never cached: use GET, HEAD or ANY`,
      });
    if (policies?.auth?.mode)
      problems.push(
        ...authModeProblems(
          'policies.auth.mode',
          policies.auth.mode,
          await this.config.providersSet(tenantId),
        ),
      );
    if (problems.length > 0) throw validationFailed(problems);
  }
}
