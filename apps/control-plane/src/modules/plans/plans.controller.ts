import { Body, Controller, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { dataOf, listOf, Returns } from '../../common/returns.js';
import { ZodPipe } from '../../common/validation.js';
import { RequirePermission } from '../tenancy/permissions.js';
import { TenantGuard } from '../tenancy/tenant.guard.js';
import { Tenant, type TenantAccess } from '../tenancy/tenant-access.js';
import {
  type CreatePlanInput,
  createPlanInputSchema,
  type PlanOutput,
  type PlanVersionOutput,
  planOutputSchema,
  planVersionOutputSchema,
  type UpdatePlanInput,
  updatePlanInputSchema,
} from './plans.schemas.js';
import { PlansService } from './plans.service.js';

@Controller('v1/tenants/:tenantId/plans')
@UseGuards(TenantGuard)
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Get()
  @Returns(listOf(planOutputSchema))
  @RequirePermission('plans.read')
  async list(@Tenant() access: TenantAccess): Promise<{ data: PlanOutput[] }> {
    return { data: await this.plans.list(access) };
  }

  @Post()
  @Returns(dataOf(planOutputSchema))
  @RequirePermission('plans.write')
  @HttpCode(201)
  async create(
    @Tenant() access: TenantAccess,
    @Body(new ZodPipe(createPlanInputSchema)) body: CreatePlanInput,
  ): Promise<{ data: PlanOutput }> {
    return { data: await this.plans.create(access, body) };
  }

  @Patch(':planId')
  @Returns(dataOf(planOutputSchema))
  @RequirePermission('plans.write')
  async update(
    @Tenant() access: TenantAccess,
    @Param('planId') planId: string,
    @Body(new ZodPipe(updatePlanInputSchema)) body: UpdatePlanInput,
  ): Promise<{ data: PlanOutput }> {
    return { data: await this.plans.update(access, planId, body) };
  }

  @Get(':planId/versions')
  @Returns(listOf(planVersionOutputSchema))
  @RequirePermission('plans.read')
  async versions(
    @Tenant() access: TenantAccess,
    @Param('planId') planId: string,
  ): Promise<{ data: PlanVersionOutput[] }> {
    return { data: await this.plans.versions(access, planId) };
  }
}
