import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { dataOf, listOf, Returns } from '../../common/returns.js';
import { RequirePermission } from '../tenancy/permissions.js';
import { TenantGuard } from '../tenancy/tenant.guard.js';
import { Tenant, type TenantAccess } from '../tenancy/tenant-access.js';
import { StrictBodyPipe } from './api-config/strict-body.pipe.js';
import {
  type ApiOutput,
  apiOutputSchema,
  type CreateApiInput,
  createApiInputSchema,
  type UpdateApiInput,
  updateApiInputSchema,
} from './apis.schemas.js';
import { ApisService } from './apis.service.js';

@Controller('v1/tenants/:tenantId/apis')
@UseGuards(TenantGuard)
export class ApisController {
  constructor(private readonly apis: ApisService) {}

  @Get()
  @Returns(listOf(apiOutputSchema))
  @RequirePermission('apis.read')
  async list(@Tenant() access: TenantAccess): Promise<{ data: ApiOutput[] }> {
    return { data: await this.apis.list(access) };
  }

  @Post()
  @Returns(dataOf(apiOutputSchema))
  @RequirePermission('apis.write')
  @HttpCode(201)
  async create(
    @Tenant() access: TenantAccess,
    @Body(new StrictBodyPipe(createApiInputSchema)) body: CreateApiInput,
  ): Promise<{ data: ApiOutput }> {
    return { data: await this.apis.create(access, body) };
  }

  @Get(':apiId')
  @Returns(dataOf(apiOutputSchema))
  @RequirePermission('apis.read')
  async get(@Tenant() access: TenantAccess, @Param('apiId') apiId: string): Promise<{ data: ApiOutput }> {
    return { data: await this.apis.get(access, apiId) };
  }

  @Patch(':apiId')
  @Returns(dataOf(apiOutputSchema))
  @RequirePermission('apis.write')
  async update(
    @Tenant() access: TenantAccess,
    @Param('apiId') apiId: string,
    @Body(new StrictBodyPipe(updateApiInputSchema)) body: UpdateApiInput,
  ): Promise<{ data: ApiOutput }> {
    return { data: await this.apis.update(access, apiId, body) };
  }

  @Delete(':apiId')
  @Returns(null)
  @RequirePermission('apis.write')
  @HttpCode(204)
  async delete(@Tenant() access: TenantAccess, @Param('apiId') apiId: string): Promise<void> {
    await this.apis.delete(access, apiId);
  }
}
