import { Controller, Get, Headers, Query, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Returns } from '../../common/returns.js';
import { ZodPipe } from '../../common/validation.js';
import { RequirePermission } from '../tenancy/permissions.js';
import { TenantGuard } from '../tenancy/tenant.guard.js';
import { Tenant, type TenantAccess } from '../tenancy/tenant-access.js';
import {
  type UsageQuery,
  type UsageResult,
  usageCsvSchema,
  usageQuerySchema,
  usageResultSchema,
} from './usage.schemas.js';
import { UsageService } from './usage.service.js';
import { usageAnswer } from './usage-csv.js';

@Controller('v1/tenants/:tenantId/usage')
@UseGuards(TenantGuard)
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  /** Usage by bucket (minute … month) and by the chosen groups, as JSON or CSV. */
  @Get()
  @Returns({ 'application/json': usageResultSchema, 'text/csv': usageCsvSchema })
  @RequirePermission('usage.read')
  async query(
    @Tenant() access: TenantAccess,
    @Query(new ZodPipe(usageQuerySchema)) query: UsageQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UsageResult | string> {
    const result = await this.usage.query({ tenantId: access.tenantId }, query);
    return usageAnswer(result, { format: query.format, accept }, reply, `usage-${access.tenantId}`);
  }
}
