import { Injectable } from '@nestjs/common';
import { newId } from '@tollgate/contracts';
import { TollgateError } from '@tollgate/errors';
import { validationFailed } from '../../common/validation.js';
import { ApiConfigRepository, type ApiRef } from '../apis/api-config/api-config.repository.js';
import { ConfigChanges } from '../apis/api-config/config-changes.js';
import { UpstreamUrlCheck } from '../apis/api-config/upstream-url-check.js';
import { targetPathProblems } from '../apis/api-rules.js';
import { AuditLog } from '../audit/audit-log.js';
import type { TenantAccess } from '../tenancy/tenant-access.js';
import { type UpstreamTargetRow, UpstreamTargetsRepository } from './upstream-targets.repository.js';
import type {
  CreateUpstreamTargetInput,
  UpdateUpstreamTargetInput,
  UpstreamTargetOutput,
} from './upstream-targets.schemas.js';

const targetOutput = (t: UpstreamTargetRow): UpstreamTargetOutput => ({
  id: t.id,
  url: t.url,
  weight: t.weight,
  createdAt: t.createdAt.toISOString(),
});

const summary = (apiId: string, t: UpstreamTargetRow) => ({ apiId, url: t.url, weight: t.weight });

/**
 * The targets live traffic is balanced over (smooth weighted round robin). Without any, the
 * API's upstream URL is the only target; sandbox traffic always goes to the sandbox upstream.
 */
@Injectable()
export class UpstreamTargetsService {
  constructor(
    private readonly targets: UpstreamTargetsRepository,
    private readonly config: ApiConfigRepository,
    private readonly urls: UpstreamUrlCheck,
    private readonly changes: ConfigChanges,
    private readonly audit: AuditLog,
  ) {}

  async list(access: TenantAccess, apiId: string): Promise<UpstreamTargetOutput[]> {
    await this.config.apiOf(access.tenantId, apiId);
    return (await this.targets.list(apiId)).map(targetOutput);
  }

  async get(access: TenantAccess, apiId: string, targetId: string): Promise<UpstreamTargetOutput> {
    return targetOutput(await this.found(access.tenantId, apiId, targetId));
  }

  async create(
    access: TenantAccess,
    apiId: string,
    input: CreateUpstreamTargetInput,
  ): Promise<UpstreamTargetOutput> {
    const api = await this.config.apiOf(access.tenantId, apiId);
    await this.refuseUrl(access.tenantId, api, input.url);
    const id = newId('upstreamTarget');
    const target = await this.changes.apply(access, `upstream_target.created ${id}`, async () => {
      const created = await this.targets.create({ id, tenantId: access.tenantId, apiId, ...input });
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'upstream_target.created',
        target: { type: 'upstream_target', id },
        before: null,
        after: summary(apiId, created),
      });
      return created;
    });
    return targetOutput(target);
  }

  async update(
    access: TenantAccess,
    apiId: string,
    targetId: string,
    input: UpdateUpstreamTargetInput,
  ): Promise<UpstreamTargetOutput> {
    const current = await this.found(access.tenantId, apiId, targetId);
    const fields = {
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.weight !== undefined ? { weight: input.weight } : {}),
    };
    if (Object.keys(fields).length === 0) return targetOutput(current);
    if (fields.url !== undefined)
      await this.refuseUrl(access.tenantId, await this.config.apiOf(access.tenantId, apiId), fields.url);
    const target = await this.changes.apply(access, `upstream_target.updated ${targetId}`, async () => {
      const before = await this.found(access.tenantId, apiId, targetId);
      const updated = await this.targets.update(targetId, fields);
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'upstream_target.updated',
        target: { type: 'upstream_target', id: targetId },
        before: summary(apiId, before),
        after: summary(apiId, updated),
      });
      return updated;
    });
    return targetOutput(target);
  }

  async delete(access: TenantAccess, apiId: string, targetId: string): Promise<void> {
    await this.changes.apply(access, `upstream_target.deleted ${targetId}`, async () => {
      const target = await this.found(access.tenantId, apiId, targetId);
      await this.targets.delete(targetId);
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'upstream_target.deleted',
        target: { type: 'upstream_target', id: targetId },
        before: summary(apiId, target),
        after: null,
      });
    });
  }

  private async found(tenantId: string, apiId: string, targetId: string): Promise<UpstreamTargetRow> {
    await this.config.apiOf(tenantId, apiId);
    const target = await this.targets.find(tenantId, apiId, targetId);
    if (target === null) throw new TollgateError('not_found', 'No such upstream target on this API.');
    return target;
  }

  /** 422 when the SSRF guard refuses the URL for this tenant, or its path is not the upstream URL's. */
  private async refuseUrl(tenantId: string, api: ApiRef, url: string): Promise<void> {
    const problems = [
      ...(await this.urls.problems(tenantId, { url })),
      ...targetPathProblems(api.upstreamUrl, [{ path: 'url', url }]),
    ];
    if (problems.length > 0) throw validationFailed(problems);
  }
}
