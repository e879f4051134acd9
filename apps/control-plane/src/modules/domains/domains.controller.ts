import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { dataOf, listOf, Returns } from '../../common/returns.js';
import { ZodPipe } from '../../common/validation.js';
import { RequirePermission } from '../tenancy/permissions.js';
import { TenantGuard } from '../tenancy/tenant.guard.js';
import { Tenant, type TenantAccess } from '../tenancy/tenant-access.js';
import {
  type CreateDomainInput,
  createDomainInputSchema,
  type DomainOutput,
  domainOutputSchema,
  type UploadCertificateInput,
  uploadCertificateInputSchema,
} from './domains.schemas.js';
import { DomainsService } from './domains.service.js';

@Controller('v1/tenants/:tenantId/domains')
@UseGuards(TenantGuard)
export class DomainsController {
  constructor(private readonly domains: DomainsService) {}

  @Get()
  @Returns(listOf(domainOutputSchema))
  @RequirePermission('domains.read')
  async list(@Tenant() access: TenantAccess): Promise<{ data: DomainOutput[] }> {
    return { data: await this.domains.list(access) };
  }

  @Post()
  @Returns(dataOf(domainOutputSchema))
  @RequirePermission('domains.write')
  @HttpCode(201)
  async create(
    @Tenant() access: TenantAccess,
    @Body(new ZodPipe(createDomainInputSchema)) body: CreateDomainInput,
  ): Promise<{ data: DomainOutput }> {
    return { data: await this.domains.create(access, body) };
  }

  @Get(':domainId')
  @Returns(dataOf(domainOutputSchema))
  @RequirePermission('domains.read')
  async get(
    @Tenant() access: TenantAccess,
    @Param('domainId') domainId: string,
  ): Promise<{ data: DomainOutput }> {
    return { data: await this.domains.get(access, domainId) };
  }

  @Post(':domainId/verify')
  @Returns(dataOf(domainOutputSchema))
  @RequirePermission('domains.write')
  @HttpCode(200)
  async verify(
    @Tenant() access: TenantAccess,
    @Param('domainId') domainId: string,
  ): Promise<{ data: DomainOutput }> {
    return { data: await this.domains.verify(access, domainId) };
  }

  @Put(':domainId/certificate')
  @Returns(dataOf(domainOutputSchema))
  @RequirePermission('domains.write')
  @HttpCode(200)
  async uploadCertificate(
    @Tenant() access: TenantAccess,
    @Param('domainId') domainId: string,
    @Body(new ZodPipe(uploadCertificateInputSchema)) body: UploadCertificateInput,
  ): Promise<{ data: DomainOutput }> {
    return { data: await this.domains.uploadCertificate(access, domainId, body) };
  }

  @Delete(':domainId')
  @Returns(null)
  @RequirePermission('domains.write')
  @HttpCode(204)
  async delete(@Tenant() access: TenantAccess, @Param('domainId') domainId: string): Promise<void> {
    await this.domains.delete(access, domainId);
  }
}
