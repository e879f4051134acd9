import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { dataOf, listOf, Returns } from '../../common/returns.js';
import { ZodPipe } from '../../common/validation.js';
import { RequirePermission } from '../tenancy/permissions.js';
import { TenantGuard } from '../tenancy/tenant.guard.js';
import { Tenant, type TenantAccess } from '../tenancy/tenant-access.js';
import {
  type ConsumerOutput,
  type CreateConsumerInput,
  consumerOutputSchema,
  createConsumerInputSchema,
} from './consumers.schemas.js';
import { ConsumersService } from './consumers.service.js';

@Controller('v1/tenants/:tenantId/consumers')
@UseGuards(TenantGuard)
export class ConsumersController {
  constructor(private readonly consumers: ConsumersService) {}

  @Get()
  @Returns(listOf(consumerOutputSchema))
  @RequirePermission('consumers.read')
  async list(@Tenant() access: TenantAccess): Promise<{ data: ConsumerOutput[] }> {
    return { data: await this.consumers.list(access) };
  }

  @Post()
  @Returns(dataOf(consumerOutputSchema))
  @RequirePermission('consumers.write')
  @HttpCode(201)
  async create(
    @Tenant() access: TenantAccess,
    @Body(new ZodPipe(createConsumerInputSchema)) body: CreateConsumerInput,
  ): Promise<{ data: ConsumerOutput }> {
    return { data: await this.consumers.create(access, body) };
  }
}
