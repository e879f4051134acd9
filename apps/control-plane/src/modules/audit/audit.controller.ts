import { Readable } from 'node:stream';
import { Controller, Get, Query, StreamableFile, UseGuards } from '@nestjs/common';
import { Returns } from '../../common/returns.js';
import { ZodPipe } from '../../common/validation.js';
import { RequirePermission } from '../tenancy/permissions.js';
import { TenantGuard } from '../tenancy/tenant.guard.js';
import { Tenant, type TenantAccess } from '../tenancy/tenant-access.js';
import {
  type AuditEventPage,
  auditCsvSchema,
  auditEventPageSchema,
  auditNdjsonSchema,
  type ExportAuditEventsQuery,
  exportAuditEventsQuerySchema,
  type ListAuditEventsQuery,
  listAuditEventsQuerySchema,
} from './audit.schemas.js';
import { AuditEventsService } from './audit-events.service.js';
import { auditExportContentTypes, auditExportLines } from './audit-export.js';

/** The tenant's audit log: who changed what, when, from where. Owners and admins only (`audit.read`). */
@Controller('v1/tenants/:tenantId/audit-events')
@UseGuards(TenantGuard)
export class AuditController {
  constructor(private readonly events: AuditEventsService) {}

  @Get()
  @Returns(auditEventPageSchema)
  @RequirePermission('audit.read')
  list(
    @Tenant() access: TenantAccess,
    @Query(new ZodPipe(listAuditEventsQuerySchema)) query: ListAuditEventsQuery,
  ): Promise<AuditEventPage> {
    return this.events.list(access, query);
  }

  /** A file of every matching event, streamed page by page (no size limit, constant memory). */
  @Get('export')
  @Returns({ 'text/csv': auditCsvSchema, 'application/x-ndjson': auditNdjsonSchema })
  @RequirePermission('audit.read')
  export(
    @Tenant() access: TenantAccess,
    @Query(new ZodPipe(exportAuditEventsQuerySchema)) query: ExportAuditEventsQuery,
  ): StreamableFile {
    const { format, ...filter } = query;
    const lines = auditExportLines(this.events.all(access, filter), format);
    return new StreamableFile(Readable.from(lines), {
      type: auditExportContentTypes[format],
      disposition: `attachment; filename="audit-events-${access.tenantId}.${format}"`,
    });
  }
}
