import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { dataOf, listOf, Returns } from '../../common/returns.js';
import { ZodPipe } from '../../common/validation.js';
import { RequirePermission } from '../tenancy/permissions.js';
import { TenantGuard } from '../tenancy/tenant.guard.js';
import { Tenant, type TenantAccess } from '../tenancy/tenant-access.js';
import {
  type DenialsQuery,
  denialReviewOutputSchema,
  denialsQuerySchema,
  type RequestsQuery,
  requestIdParamSchema,
  requestRecordOutputSchema,
  requestSampleOutputSchema,
  requestsQuerySchema,
} from './request-log.schemas.js';
import { RequestLogService } from './request-log.service.js';

@Controller('v1/tenants/:tenantId')
@UseGuards(TenantGuard)
export class RequestLogController {
  constructor(private readonly log: RequestLogService) {}

  /** Recent request ids matching filters (the samples behind a usage figure). */
  @Get('requests')
  @Returns(listOf(requestSampleOutputSchema))
  @RequirePermission('requests.read')
  async recent(
    @Tenant() access: TenantAccess,
    @Query(new ZodPipe(requestsQuerySchema)) query: RequestsQuery,
  ) {
    return { data: await this.log.recent(access.tenantId, query) };
  }

  /** One request's record, its way through the stages and, for a denial, the reason given. */
  @Get('requests/:requestId')
  @Returns(dataOf(requestRecordOutputSchema))
  @RequirePermission('requests.read')
  async lookup(
    @Tenant() access: TenantAccess,
    @Param('requestId', new ZodPipe(requestIdParamSchema)) requestId: string,
  ) {
    return { data: await this.log.lookup(access.tenantId, requestId) };
  }

  /** The denial review: denials by code × consumer × route, newest first. */
  @Get('denials')
  @Returns(dataOf(denialReviewOutputSchema))
  @RequirePermission('requests.read')
  async denials(@Tenant() access: TenantAccess, @Query(new ZodPipe(denialsQuerySchema)) query: DenialsQuery) {
    return { data: await this.log.denials(access.tenantId, query) };
  }
}
