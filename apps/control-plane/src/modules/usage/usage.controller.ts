import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ZodPipe } from '../../common/validation.js';
import { RequirePermission } from '../tenancy/permissions.js';
import { TenantGuard } from '../tenancy/tenant.guard.js';
import { Tenant, type TenantAccess } from '../tenancy/tenant-access.js';
import { type UsageBucket, type UsageQuery, usageQuerySchema } from './usage.schemas.js';
import { UsageService } from './usage.service.js';

@Controller('v1/tenants/:tenantId/usage')
@UseGuards(TenantGuard)
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Get()
  @RequirePermission('usage.read')
  async query(
    @Tenant() access: TenantAccess,
    @Query(new ZodPipe(usageQuerySchema)) query: UsageQuery,
  ): Promise<{ data: UsageBucket[] }> {
    return { data: await this.usage.query(access, query) };
  }
}
