import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { dataOf, Returns } from '../../common/returns.js';
import { ZodPipe } from '../../common/validation.js';
import { RequirePermission } from '../tenancy/permissions.js';
import { TenantGuard } from '../tenancy/tenant.guard.js';
import { Tenant, type TenantAccess } from '../tenancy/tenant-access.js';
import {
  type CreateSubscriptionInput,
  createSubscriptionInputSchema,
  type MoveSubscriptionInput,
  moveSubscriptionInputSchema,
  type SubscriptionOutput,
  subscriptionOutputSchema,
} from './subscriptions.schemas.js';
import { SubscriptionsService } from './subscriptions.service.js';

@Controller('v1/tenants/:tenantId/consumers/:consumerId/subscriptions')
@UseGuards(TenantGuard)
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Post()
  @Returns(dataOf(subscriptionOutputSchema))
  @RequirePermission('subscriptions.write')
  @HttpCode(201)
  async create(
    @Tenant() access: TenantAccess,
    @Param('consumerId') consumerId: string,
    @Body(new ZodPipe(createSubscriptionInputSchema)) body: CreateSubscriptionInput,
  ): Promise<{ data: SubscriptionOutput }> {
    return { data: await this.subscriptions.create(access, consumerId, body) };
  }

  @Post(':subscriptionId/move')
  @Returns(dataOf(subscriptionOutputSchema))
  @RequirePermission('subscriptions.write')
  @HttpCode(200)
  async move(
    @Tenant() access: TenantAccess,
    @Param('consumerId') consumerId: string,
    @Param('subscriptionId') subscriptionId: string,
    @Body(new ZodPipe(moveSubscriptionInputSchema)) body: MoveSubscriptionInput,
  ): Promise<{ data: SubscriptionOutput }> {
    return { data: await this.subscriptions.move(access, consumerId, subscriptionId, body) };
  }
}
