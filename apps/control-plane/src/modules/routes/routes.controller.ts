import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { dataOf, listOf, Returns } from '../../common/returns.js';
import { StrictBodyPipe } from '../apis/api-config/strict-body.pipe.js';
import { RequirePermission } from '../tenancy/permissions.js';
import { TenantGuard } from '../tenancy/tenant.guard.js';
import { Tenant, type TenantAccess } from '../tenancy/tenant-access.js';
import {
  type CreateRouteInput,
  createRouteInputSchema,
  type RouteOutput,
  routeOutputSchema,
  type UpdateRouteInput,
  updateRouteInputSchema,
} from './routes.schemas.js';
import { RoutesService } from './routes.service.js';

@Controller('v1/tenants/:tenantId/apis/:apiId/routes')
@UseGuards(TenantGuard)
export class RoutesController {
  constructor(private readonly routes: RoutesService) {}

  @Get()
  @Returns(listOf(routeOutputSchema))
  @RequirePermission('apis.read')
  async list(
    @Tenant() access: TenantAccess,
    @Param('apiId') apiId: string,
  ): Promise<{ data: RouteOutput[] }> {
    return { data: await this.routes.list(access, apiId) };
  }

  @Post()
  @Returns(dataOf(routeOutputSchema))
  @RequirePermission('apis.write')
  @HttpCode(201)
  async create(
    @Tenant() access: TenantAccess,
    @Param('apiId') apiId: string,
    @Body(new StrictBodyPipe(createRouteInputSchema)) body: CreateRouteInput,
  ): Promise<{ data: RouteOutput }> {
    return { data: await this.routes.create(access, apiId, body) };
  }

  @Get(':routeId')
  @Returns(dataOf(routeOutputSchema))
  @RequirePermission('apis.read')
  async get(
    @Tenant() access: TenantAccess,
    @Param('apiId') apiId: string,
    @Param('routeId') routeId: string,
  ): Promise<{ data: RouteOutput }> {
    return { data: await this.routes.get(access, apiId, routeId) };
  }

  @Patch(':routeId')
  @Returns(dataOf(routeOutputSchema))
  @RequirePermission('apis.write')
  async update(
    @Tenant() access: TenantAccess,
    @Param('apiId') apiId: string,
    @Param('routeId') routeId: string,
    @Body(new StrictBodyPipe(updateRouteInputSchema)) body: UpdateRouteInput,
  ): Promise<{ data: RouteOutput }> {
    return { data: await this.routes.update(access, apiId, routeId, body) };
  }

  @Delete(':routeId')
  @Returns(null)
  @RequirePermission('apis.write')
  @HttpCode(204)
  async delete(
    @Tenant() access: TenantAccess,
    @Param('apiId') apiId: string,
    @Param('routeId') routeId: string,
  ): Promise<void> {
    await this.routes.delete(access, apiId, routeId);
  }
}
