import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { dataOf, listOf, Returns } from '../../common/returns.js';
import { ZodPipe } from '../../common/validation.js';
import { RequirePermission } from '../tenancy/permissions.js';
import { TenantGuard } from '../tenancy/tenant.guard.js';
import { Tenant, type TenantAccess } from '../tenancy/tenant-access.js';
import {
  type CreateUpstreamTargetInput,
  createUpstreamTargetInputSchema,
  type UpdateUpstreamTargetInput,
  type UpstreamTargetOutput,
  updateUpstreamTargetInputSchema,
  upstreamTargetOutputSchema,
} from './upstream-targets.schemas.js';
import { UpstreamTargetsService } from './upstream-targets.service.js';

@Controller('v1/tenants/:tenantId/apis/:apiId/upstream-targets')
@UseGuards(TenantGuard)
export class UpstreamTargetsController {
  constructor(private readonly targets: UpstreamTargetsService) {}

  @Get()
  @Returns(listOf(upstreamTargetOutputSchema))
  @RequirePermission('apis.read')
  async list(
    @Tenant() access: TenantAccess,
    @Param('apiId') apiId: string,
  ): Promise<{ data: UpstreamTargetOutput[] }> {
    return { data: await this.targets.list(access, apiId) };
  }

  @Post()
  @Returns(dataOf(upstreamTargetOutputSchema))
  @RequirePermission('apis.write')
  @HttpCode(201)
  async create(
    @Tenant() access: TenantAccess,
    @Param('apiId') apiId: string,
    @Body(new ZodPipe(createUpstreamTargetInputSchema)) body: CreateUpstreamTargetInput,
  ): Promise<{ data: UpstreamTargetOutput }> {
    return { data: await this.targets.create(access, apiId, body) };
  }

  @Get(':targetId')
  @Returns(dataOf(upstreamTargetOutputSchema))
  @RequirePermission('apis.read')
  async get(
    @Tenant() access: TenantAccess,
    @Param('apiId') apiId: string,
    @Param('targetId') targetId: string,
  ): Promise<{ data: UpstreamTargetOutput }> {
    return { data: await this.targets.get(access, apiId, targetId) };
  }

  @Patch(':targetId')
  @Returns(dataOf(upstreamTargetOutputSchema))
  @RequirePermission('apis.write')
  async update(
    @Tenant() access: TenantAccess,
    @Param('apiId') apiId: string,
    @Param('targetId') targetId: string,
    @Body(new ZodPipe(updateUpstreamTargetInputSchema)) body: UpdateUpstreamTargetInput,
  ): Promise<{ data: UpstreamTargetOutput }> {
    return { data: await this.targets.update(access, apiId, targetId, body) };
  }

  @Delete(':targetId')
  @Returns(null)
  @RequirePermission('apis.write')
  @HttpCode(204)
  async delete(
    @Tenant() access: TenantAccess,
    @Param('apiId') apiId: string,
    @Param('targetId') targetId: string,
  ): Promise<void> {
    await this.targets.delete(access, apiId, targetId);
  }
}
