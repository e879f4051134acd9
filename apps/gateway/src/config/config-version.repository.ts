import type { PrismaClient } from '@tollgate/db';

export interface ConfigVersionRow {
  tenantId: string;
  version: number;
  snapshot: unknown;
}

/** Where published snapshots come from (Postgres), as the loader needs them. */
export interface ConfigVersionSource {
  /** The newest version of every tenant. */
  latestPerTenant(): Promise<ConfigVersionRow[]>;
  find(tenantId: string, version: number): Promise<ConfigVersionRow | null>;
}

/** The only place the gateway touches Postgres: at boot and on a publish notice, never per request. */
export class ConfigVersionRepository implements ConfigVersionSource {
  constructor(private readonly prisma: PrismaClient) {}

  latestPerTenant(): Promise<ConfigVersionRow[]> {
    return this.prisma.configVersion.findMany({
      distinct: ['tenantId'],
      orderBy: [{ tenantId: 'asc' }, { version: 'desc' }],
      select: { tenantId: true, version: true, snapshot: true },
    });
  }

  find(tenantId: string, version: number): Promise<ConfigVersionRow | null> {
    return this.prisma.configVersion.findUnique({
      where: { tenantId_version: { tenantId, version } },
      select: { tenantId: true, version: true, snapshot: true },
    });
  }
}
