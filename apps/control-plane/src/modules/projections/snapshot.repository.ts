import { Inject, Injectable } from '@nestjs/common';
import { type ConfigSnapshot, newId } from '@tollgate/contracts';
import type { Prisma, PrismaClient, SubscriptionStatus } from '@tollgate/db';
import { PRISMA } from '../../infra/tokens.js';
import type { TenantConfig } from './compile-snapshot.js';

/** Subscriptions whose plan version must stay in the snapshot. */
const liveStatuses: SubscriptionStatus[] = ['trialing', 'active', 'past_due'];

const planVersionFields = {
  id: true,
  planId: true,
  version: true,
  apiIds: true,
  rateLimitLimit: true,
  rateLimitWindowSeconds: true,
  rateLimitBurst: true,
  monthlyQuota: true,
  plan: { select: { name: true } },
} as const;

export interface VersionMeta {
  createdBy: string;
  reason: string;
}

@Injectable()
export class SnapshotRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /**
   * Inserts the tenant's next config version (max + 1) from its current config. Publishes of one
   * tenant are serialised by an advisory lock, so a higher version never holds older config.
   */
  publishNextVersion(
    tenantId: string,
    meta: VersionMeta,
    compile: (config: TenantConfig, version: number) => ConfigSnapshot,
  ): Promise<ConfigSnapshot> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext(${`config:${tenantId}`}))`;
      const config = await loadConfig(tx, tenantId);
      const latest = await tx.configVersion.aggregate({ where: { tenantId }, _max: { version: true } });
      const snapshot = compile(config, (latest._max.version ?? 0) + 1);
      await tx.configVersion.create({
        data: {
          id: newId('configVersion'),
          tenantId,
          version: snapshot.version,
          snapshot: snapshot as unknown as Prisma.InputJsonObject,
          createdBy: meta.createdBy,
          reason: meta.reason,
        },
      });
      return snapshot;
    });
  }

  async listTenantIds(): Promise<string[]> {
    const tenants = await this.prisma.tenant.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
    return tenants.map((t) => t.id);
  }
}

async function loadConfig(tx: Prisma.TransactionClient, tenantId: string): Promise<TenantConfig> {
  const tenant = await tx.tenant.findUniqueOrThrow({
    where: { id: tenantId },
    select: { id: true, slug: true },
  });
  const apis = await tx.api.findMany({
    where: { tenantId },
    select: {
      id: true,
      name: true,
      basePath: true,
      upstreamUrl: true,
      sandboxUpstreamUrl: true,
      routes: { select: { id: true, method: true, pathTemplate: true } },
    },
  });
  const plans = await tx.plan.findMany({
    where: { tenantId, archivedAt: null },
    select: { id: true, currentVersion: true },
  });
  const versions = await tx.planVersion.findMany({
    where: {
      tenantId,
      OR: [
        { subscriptions: { some: { status: { in: liveStatuses } } } },
        ...plans.map((p) => ({ planId: p.id, version: p.currentVersion })),
      ],
    },
    select: planVersionFields,
  });
  return {
    tenant,
    apis,
    planVersions: versions.map(({ plan, id: _id, ...v }) => ({ ...v, name: plan.name })),
  };
}
