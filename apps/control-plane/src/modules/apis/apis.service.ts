import { Injectable } from '@nestjs/common';
import { httpMethodSchema, newId } from '@tollgate/contracts';
import { SnapshotPublisher } from '../projections/snapshot-publisher.service.js';
import type { TenantAccess } from '../tenancy/tenant-access.js';
import { type ApiRow, ApisRepository } from './apis.repository.js';
import type { ApiOutput, CreateApiInput } from './apis.schemas.js';

@Injectable()
export class ApisService {
  constructor(
    private readonly apis: ApisRepository,
    private readonly publisher: SnapshotPublisher,
  ) {}

  /** Creates the API with a catch-all `ANY /*` route, then publishes the tenant's config. */
  async create(access: TenantAccess, input: CreateApiInput): Promise<ApiOutput> {
    const api = await this.apis.create({
      id: newId('api'),
      tenantId: access.tenantId,
      name: input.name,
      basePath: input.basePath,
      upstreamUrl: input.upstreamUrl,
      sandboxUpstreamUrl: input.sandboxUpstreamUrl ?? null,
      routes: [{ id: newId('route'), method: 'ANY', pathTemplate: '/*' }],
    });
    await this.publisher.publish(access.tenantId, {
      createdBy: access.userId,
      reason: `api.created ${api.id}`,
    });
    return apiOutput(api);
  }

  async list(access: TenantAccess): Promise<ApiOutput[]> {
    return (await this.apis.list(access.tenantId)).map(apiOutput);
  }
}

function apiOutput(api: ApiRow): ApiOutput {
  return {
    id: api.id,
    name: api.name,
    basePath: api.basePath,
    upstreamUrl: api.upstreamUrl,
    sandboxUpstreamUrl: api.sandboxUpstreamUrl,
    routes: api.routes.map((r) => ({
      id: r.id,
      method: httpMethodSchema.parse(r.method),
      pathTemplate: r.pathTemplate,
    })),
    createdAt: api.createdAt.toISOString(),
  };
}
