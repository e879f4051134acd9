import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { dataOf, listOf, Returns } from '../../common/returns.js';
import { ZodPipe } from '../../common/validation.js';
import { RequirePermission } from '../tenancy/permissions.js';
import { TenantGuard } from '../tenancy/tenant.guard.js';
import { Tenant, type TenantAccess } from '../tenancy/tenant-access.js';
import {
  type CreateWebhookEndpointInput,
  createWebhookEndpointInputSchema,
  type ListDeliveriesQuery,
  listDeliveriesQuerySchema,
  type RotateWebhookSecretInput,
  rotateWebhookSecretInputSchema,
  type UpdateWebhookEndpointInput,
  updateWebhookEndpointInputSchema,
  type WebhookDeliveryDetailOutput,
  type WebhookDeliveryOutput,
  type WebhookEndpointOutput,
  type WebhookSecretOutput,
  webhookDeliveryDetailOutputSchema,
  webhookDeliveryOutputSchema,
  webhookEndpointOutputSchema,
  webhookSecretOutputSchema,
} from './webhooks.schemas.js';
import { WebhooksService } from './webhooks.service.js';

/** Outgoing webhook endpoints, their delivery log, redelivery and test events (docs/webhooks.md). */
@Controller('v1/tenants/:tenantId')
@UseGuards(TenantGuard)
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get('webhook-endpoints')
  @Returns(listOf(webhookEndpointOutputSchema))
  @RequirePermission('webhooks.read')
  async list(@Tenant() access: TenantAccess): Promise<{ data: WebhookEndpointOutput[] }> {
    return { data: await this.webhooks.list(access) };
  }

  @Post('webhook-endpoints')
  @Returns(webhookSecretOutputSchema)
  @RequirePermission('webhooks.write')
  @HttpCode(201)
  create(
    @Tenant() access: TenantAccess,
    @Body(new ZodPipe(createWebhookEndpointInputSchema)) body: CreateWebhookEndpointInput,
  ): Promise<WebhookSecretOutput> {
    return this.webhooks.create(access, body);
  }

  @Get('webhook-endpoints/:endpointId')
  @Returns(dataOf(webhookEndpointOutputSchema))
  @RequirePermission('webhooks.read')
  async get(
    @Tenant() access: TenantAccess,
    @Param('endpointId') endpointId: string,
  ): Promise<{ data: WebhookEndpointOutput }> {
    return { data: await this.webhooks.get(access, endpointId) };
  }

  @Patch('webhook-endpoints/:endpointId')
  @Returns(dataOf(webhookEndpointOutputSchema))
  @RequirePermission('webhooks.write')
  async update(
    @Tenant() access: TenantAccess,
    @Param('endpointId') endpointId: string,
    @Body(new ZodPipe(updateWebhookEndpointInputSchema)) body: UpdateWebhookEndpointInput,
  ): Promise<{ data: WebhookEndpointOutput }> {
    return { data: await this.webhooks.update(access, endpointId, body) };
  }

  @Delete('webhook-endpoints/:endpointId')
  @Returns(null)
  @RequirePermission('webhooks.write')
  @HttpCode(204)
  async remove(@Tenant() access: TenantAccess, @Param('endpointId') endpointId: string): Promise<void> {
    await this.webhooks.remove(access, endpointId);
  }

  @Post('webhook-endpoints/:endpointId/rotate-secret')
  @Returns(webhookSecretOutputSchema)
  @RequirePermission('webhooks.write')
  @HttpCode(200)
  rotateSecret(
    @Tenant() access: TenantAccess,
    @Param('endpointId') endpointId: string,
    @Body(new ZodPipe(rotateWebhookSecretInputSchema)) body: RotateWebhookSecretInput,
  ): Promise<WebhookSecretOutput> {
    return this.webhooks.rotateSecret(access, endpointId, body);
  }

  @Post('webhook-endpoints/:endpointId/test')
  @Returns(dataOf(webhookDeliveryOutputSchema))
  @RequirePermission('webhooks.write')
  @HttpCode(202)
  async sendTest(
    @Tenant() access: TenantAccess,
    @Param('endpointId') endpointId: string,
  ): Promise<{ data: WebhookDeliveryOutput }> {
    return { data: await this.webhooks.sendTest(access, endpointId) };
  }

  @Get('webhook-endpoints/:endpointId/deliveries')
  @Returns(listOf(webhookDeliveryOutputSchema))
  @RequirePermission('webhooks.read')
  async deliveries(
    @Tenant() access: TenantAccess,
    @Param('endpointId') endpointId: string,
    @Query(new ZodPipe(listDeliveriesQuerySchema)) query: ListDeliveriesQuery,
  ): Promise<{ data: WebhookDeliveryOutput[] }> {
    return { data: await this.webhooks.deliveries(access, endpointId, query) };
  }

  @Get('webhook-deliveries/:deliveryId')
  @Returns(dataOf(webhookDeliveryDetailOutputSchema))
  @RequirePermission('webhooks.read')
  async delivery(
    @Tenant() access: TenantAccess,
    @Param('deliveryId') deliveryId: string,
  ): Promise<{ data: WebhookDeliveryDetailOutput }> {
    return { data: await this.webhooks.delivery(access, deliveryId) };
  }

  @Post('webhook-deliveries/:deliveryId/redeliver')
  @Returns(dataOf(webhookDeliveryOutputSchema))
  @RequirePermission('webhooks.write')
  @HttpCode(202)
  async redeliver(
    @Tenant() access: TenantAccess,
    @Param('deliveryId') deliveryId: string,
  ): Promise<{ data: WebhookDeliveryOutput }> {
    return { data: await this.webhooks.redeliver(access, deliveryId) };
  }
}
