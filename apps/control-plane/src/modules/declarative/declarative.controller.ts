import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { dataOf, Returns } from '../../common/returns.js';
import { StrictBodyPipe } from '../apis/api-config/strict-body.pipe.js';
import { RequirePermission } from '../tenancy/permissions.js';
import { TenantGuard } from '../tenancy/tenant.guard.js';
import { Tenant, type TenantAccess } from '../tenancy/tenant-access.js';
import {
  type ConfigApplyInput,
  type ConfigPlanInput,
  configAppliedOutputSchema,
  configApplyInputSchema,
  configDocumentSchema,
  configPlanInputSchema,
  configPlanOutputSchema,
} from './config-document.schemas.js';
import { DeclarativeService } from './declarative.service.js';

/** The tenant's config as one YAML-able document: export, plan (the diff), apply (one release). */
@Controller('v1/tenants/:tenantId/config')
@UseGuards(TenantGuard)
export class DeclarativeController {
  constructor(private readonly declarative: DeclarativeService) {}

  @Get('export')
  @Returns(dataOf(configDocumentSchema), { io: 'input' })
  @RequirePermission('releases.preview')
  async export(@Tenant() access: TenantAccess) {
    return { data: await this.declarative.export(access) };
  }

  /** What applying the document would change; changes nothing. */
  @Post('plan')
  @Returns(dataOf(configPlanOutputSchema))
  @RequirePermission('releases.preview')
  @HttpCode(200)
  async plan(
    @Tenant() access: TenantAccess,
    @Body(new StrictBodyPipe(configPlanInputSchema)) body: ConfigPlanInput,
  ) {
    return { data: await this.declarative.plan(access, body.document) };
  }

  /** Applies the document in one transaction and publishes it as one release (none when nothing changes). */
  @Post('apply')
  @Returns(dataOf(configAppliedOutputSchema))
  @RequirePermission('releases.publish')
  @HttpCode(200)
  async apply(
    @Tenant() access: TenantAccess,
    @Body(new StrictBodyPipe(configApplyInputSchema)) body: ConfigApplyInput,
  ) {
    return { data: await this.declarative.apply(access, body) };
  }
}
