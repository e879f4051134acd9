import { Body, Controller, Get, Param, Put, Query, UseGuards } from '@nestjs/common';
import { dataOf, listOf, Returns } from '../../common/returns.js';
import { ZodPipe } from '../../common/validation.js';
import { RequirePermission } from '../tenancy/permissions.js';
import { TenantGuard } from '../tenancy/tenant.guard.js';
import { Tenant, type TenantAccess } from '../tenancy/tenant-access.js';
import {
  type AlertOutput,
  type AlertThresholdsInput,
  type AlertThresholdsOutput,
  alertOutputSchema,
  alertThresholdsInputSchema,
  alertThresholdsOutputSchema,
  type ListAlertsQuery,
  listAlertsQuerySchema,
} from './alerts.schemas.js';
import { AlertsService } from './alerts.service.js';

/** Usage alerts (the console's banners) and each plan's alert thresholds. */
@Controller('v1/tenants/:tenantId')
@UseGuards(TenantGuard)
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get('alerts')
  @Returns(listOf(alertOutputSchema))
  @RequirePermission('alerts.read')
  async list(
    @Tenant() access: TenantAccess,
    @Query(new ZodPipe(listAlertsQuerySchema)) query: ListAlertsQuery,
  ): Promise<{ data: AlertOutput[] }> {
    return { data: await this.alerts.list(access, query) };
  }

  @Get('plans/:planId/alert-thresholds')
  @Returns(dataOf(alertThresholdsOutputSchema))
  @RequirePermission('alerts.read')
  async thresholds(
    @Tenant() access: TenantAccess,
    @Param('planId') planId: string,
  ): Promise<{ data: AlertThresholdsOutput }> {
    return { data: await this.alerts.thresholds(access, planId) };
  }

  @Put('plans/:planId/alert-thresholds')
  @Returns(dataOf(alertThresholdsOutputSchema))
  @RequirePermission('alerts.write')
  async setThresholds(
    @Tenant() access: TenantAccess,
    @Param('planId') planId: string,
    @Body(new ZodPipe(alertThresholdsInputSchema)) body: AlertThresholdsInput,
  ): Promise<{ data: AlertThresholdsOutput }> {
    return { data: await this.alerts.setThresholds(access, planId, body) };
  }
}
