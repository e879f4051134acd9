import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { dataOf, listOf, Returns } from '../../common/returns.js';
import { ZodPipe } from '../../common/validation.js';
import { rangeOf } from '../request-log/request-log.service.js';
import { RequirePermission } from '../tenancy/permissions.js';
import { TenantGuard } from '../tenancy/tenant.guard.js';
import { Tenant, type TenantAccess } from '../tenancy/tenant-access.js';
import { ReleaseService } from './release.service.js';
import {
  type DryRunInput,
  dryRunInputSchema,
  dryRunReportSchema,
  gatewayServingSchema,
  publishedReleaseSchema,
  type ReleaseInput,
  releaseDetailOutputSchema,
  releaseInputSchema,
  releaseOutputSchema,
  releasePreviewSchema,
  versionParamSchema,
} from './releases.schemas.js';

@Controller('v1/tenants/:tenantId/releases')
@UseGuards(TenantGuard)
export class ReleasesController {
  constructor(private readonly releases: ReleaseService) {}

  @Get()
  @Returns(listOf(releaseOutputSchema))
  @RequirePermission('releases.read')
  async list(@Tenant() access: TenantAccess) {
    return { data: await this.releases.list(access.tenantId) };
  }

  /** Which version each gateway process serves (declared before `:version`). */
  @Get('live')
  @Returns(listOf(gatewayServingSchema))
  @RequirePermission('releases.read')
  async live(@Tenant() access: TenantAccess) {
    return { data: await this.releases.liveGateways(access.tenantId) };
  }

  @Get(':version')
  @Returns(dataOf(releaseDetailOutputSchema))
  @RequirePermission('releases.read')
  async show(
    @Tenant() access: TenantAccess,
    @Param('version', new ZodPipe(versionParamSchema)) version: number,
  ) {
    return { data: await this.releases.show(access.tenantId, version) };
  }

  @Post('preview')
  @Returns(dataOf(releasePreviewSchema))
  @RequirePermission('releases.preview')
  @HttpCode(200)
  async preview(@Tenant() access: TenantAccess) {
    return { data: await this.releases.preview(access.tenantId) };
  }

  /** Replays the window's recorded requests against the config a publish would make (changes nothing). */
  @Post('dry-run')
  @Returns(dataOf(dryRunReportSchema))
  @RequirePermission('releases.preview')
  @HttpCode(200)
  async dryRun(@Tenant() access: TenantAccess, @Body(new ZodPipe(dryRunInputSchema)) body: DryRunInput) {
    return { data: await this.releases.dryRunNow(access.tenantId, rangeOf(body.window, new Date())) };
  }

  @Post()
  @Returns(dataOf(publishedReleaseSchema))
  @RequirePermission('releases.publish')
  @HttpCode(201)
  async publish(@Tenant() access: TenantAccess, @Body(new ZodPipe(releaseInputSchema)) body: ReleaseInput) {
    const meta = { createdBy: access.userId, reason: body.reason, actor: access.actor };
    return { data: await this.releases.publish(access.tenantId, meta, 'manual') };
  }

  @Post(':version/rollback')
  @Returns(dataOf(publishedReleaseSchema))
  @RequirePermission('releases.publish')
  @HttpCode(201)
  async rollback(
    @Tenant() access: TenantAccess,
    @Param('version', new ZodPipe(versionParamSchema)) version: number,
    @Body(new ZodPipe(releaseInputSchema)) body: ReleaseInput,
  ) {
    const meta = { createdBy: access.userId, reason: body.reason, actor: access.actor };
    return { data: await this.releases.rollback(access.tenantId, version, meta) };
  }
}
