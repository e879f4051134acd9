import { Injectable } from '@nestjs/common';
import { newId } from '@tollgate/contracts';
import type { Prisma } from '@tollgate/db';
import { TollgateError } from '@tollgate/errors';
import { type FieldError, validationFailed } from '../../common/validation.js';
import { AuditLog } from '../audit/audit-log.js';
import type { TenantAccess } from '../tenancy/tenant-access.js';
import { ApiConfigRepository } from './api-config/api-config.repository.js';
import { authModeProblems } from './api-config/auth-modes.js';
import { ConfigChanges } from './api-config/config-changes.js';
import { UpstreamUrlCheck } from './api-config/upstream-url-check.js';
import { apiOutput, apiSummary } from './api-output.js';
import { targetPathProblems, versionColumns, versionConflict } from './api-rules.js';
import { type ApiFields, type ApiRow, ApisRepository } from './apis.repository.js';
import type { ApiOutput, ApiPoliciesInput, CreateApiInput, UpdateApiInput } from './apis.schemas.js';

@Injectable()
export class ApisService {
  constructor(
    private readonly apis: ApisRepository,
    private readonly config: ApiConfigRepository,
    private readonly urls: UpstreamUrlCheck,
    private readonly changes: ConfigChanges,
    private readonly audit: AuditLog,
  ) {}

  async list(access: TenantAccess): Promise<ApiOutput[]> {
    return (await this.apis.list(access.tenantId)).map(apiOutput);
  }

  async get(access: TenantAccess, apiId: string): Promise<ApiOutput> {
    return apiOutput(await this.found(access.tenantId, apiId));
  }

  /** Creates the API with a catch-all `ANY /*` route, then publishes the tenant's config. */
  async create(access: TenantAccess, input: CreateApiInput): Promise<ApiOutput> {
    await this.refuseInvalid(access.tenantId, input, input.policies);
    const id = newId('api');
    const fields: ApiFields = {
      name: input.name,
      description: input.description ?? null,
      basePath: input.basePath,
      upstreamUrl: input.upstreamUrl,
      sandboxUpstreamUrl: input.sandboxUpstreamUrl ?? null,
      ...versionColumns(input.version),
      policies: (input.policies ?? {}) as Prisma.InputJsonObject,
    };
    const api = await this.changes.apply(access, `api.created ${id}`, async () => {
      await this.refuseVersionConflict(access.tenantId, null, fields);
      const created = await this.apis.create({ ...fields, id, tenantId: access.tenantId }, [
        { id: newId('route'), method: 'ANY', pathTemplate: '/*' },
      ]);
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'api.created',
        target: { type: 'api', id },
        before: null,
        after: apiSummary(created),
      });
      return created;
    });
    return apiOutput(api);
  }

  /** Changes the fields given (`policies` as a whole), then publishes; an empty change changes nothing. */
  async update(access: TenantAccess, apiId: string, input: UpdateApiInput): Promise<ApiOutput> {
    const current = await this.found(access.tenantId, apiId);
    const fields: Partial<ApiFields> = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.basePath !== undefined ? { basePath: input.basePath } : {}),
      ...(input.upstreamUrl !== undefined ? { upstreamUrl: input.upstreamUrl } : {}),
      ...(input.sandboxUpstreamUrl !== undefined ? { sandboxUpstreamUrl: input.sandboxUpstreamUrl } : {}),
      ...(input.version !== undefined ? versionColumns(input.version) : {}),
      ...(input.policies !== undefined ? { policies: input.policies as Prisma.InputJsonObject } : {}),
    };
    if (Object.keys(fields).length === 0) return apiOutput(current);
    await this.refuseInvalid(access.tenantId, input, input.policies, current);
    const api = await this.changes.apply(access, `api.updated ${apiId}`, async () => {
      const before = await this.found(access.tenantId, apiId);
      if (
        fields.basePath !== undefined ||
        fields.versionName !== undefined ||
        fields.versionDefault !== undefined
      )
        await this.refuseVersionConflict(access.tenantId, apiId, { ...before, ...fields });
      const updated = await this.apis.update(apiId, fields);
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'api.updated',
        target: { type: 'api', id: apiId },
        before: apiSummary(before),
        after: apiSummary(updated),
      });
      return updated;
    });
    return apiOutput(api);
  }

  /** Deletes the API with its routes, targets and secrets; refused (409) while a plan covers it. */
  async delete(access: TenantAccess, apiId: string): Promise<void> {
    await this.changes.apply(access, `api.deleted ${apiId}`, async () => {
      const api = await this.found(access.tenantId, apiId);
      const plans = await this.apis.coveringPlans(access.tenantId, apiId);
      if (plans.length > 0)
        throw new TollgateError(
          'conflict',
          `Plans ${plans.join(', ')} cover this API: publish plan versions without it (or archive the plans, once no subscription uses them) first.`,
          { plans },
        );
      await this.apis.delete(apiId);
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'api.deleted',
        target: { type: 'api', id: apiId },
        before: apiSummary(api),
        after: null,
      });
    });
  }

  private async found(tenantId: string, apiId: string): Promise<ApiRow> {
    const api = await this.apis.find(tenantId, apiId);
    if (api === null) throw new TollgateError('not_found', 'No such API in this tenant.');
    return api;
  }

  /** Every field problem at once (422): refused upstream addresses, auth modes without provider, target paths. */
  private async refuseInvalid(
    tenantId: string,
    urls: { upstreamUrl?: string | undefined; sandboxUpstreamUrl?: string | null | undefined },
    policies: ApiPoliciesInput | undefined,
    current?: ApiRow,
  ): Promise<void> {
    const problems: FieldError[] = await this.urls.problems(tenantId, {
      upstreamUrl: urls.upstreamUrl,
      sandboxUpstreamUrl: urls.sandboxUpstreamUrl,
    });
    if (policies?.auth?.mode)
      problems.push(
        ...authModeProblems(
          'policies.auth.mode',
          policies.auth.mode,
          await this.config.providersSet(tenantId),
        ),
      );
    if (current && urls.upstreamUrl !== undefined)
      problems.push(
        ...targetPathProblems(
          urls.upstreamUrl,
          current.upstreamTargets.map((t) => ({ path: 'upstreamUrl', url: t.url })),
        ),
      );
    if (problems.length > 0) throw validationFailed(problems);
  }

  private async refuseVersionConflict(
    tenantId: string,
    apiId: string | null,
    api: Pick<ApiFields, 'basePath' | 'versionName' | 'versionDefault'>,
  ): Promise<void> {
    const siblings = await this.apis.siblings(tenantId, api.basePath, apiId);
    const problem = versionConflict(api, siblings);
    if (problem) throw new TollgateError('conflict', problem);
  }
}
