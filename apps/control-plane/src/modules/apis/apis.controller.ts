import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ZodPipe } from '../../common/validation.js';
import { RequirePermission } from '../tenancy/permissions.js';
import { TenantGuard } from '../tenancy/tenant.guard.js';
import { Tenant, type TenantAccess } from '../tenancy/tenant-access.js';
import { type ApiOutput, type CreateApiInput, createApiInputSchema } from './apis.schemas.js';
import { ApisService } from './apis.service.js';

@Controller('v1/tenants/:tenantId/apis')
@UseGuards(TenantGuard)
export class ApisController {
  constructor(private readonly apis: ApisService) {}

  @Get()
  @RequirePermission('apis.read')
  async list(@Tenant() access: TenantAccess): Promise<{ data: ApiOutput[] }> {
    return { data: await this.apis.list(access) };
  }

  @Post()
  @RequirePermission('apis.write')
  @HttpCode(201)
  async create(
    @Tenant() access: TenantAccess,
    @Body(new ZodPipe(createApiInputSchema)) body: CreateApiInput,
  ): Promise<{ data: ApiOutput }> {
    return { data: await this.apis.create(access, body) };
  }
}
