import { Inject, Injectable } from '@nestjs/common';
import { type ConfigSnapshot, configSnapshotSchema, newId, type SnapshotPlan } from '@tollgate/contracts';
import type { ConfigReleaseKind, Prisma, PrismaClient, SubscriptionStatus } from '@tollgate/db';
import { PRISMA } from '../../infra/tokens.js';
import { readOAuth2, readSigningSecrets, type StoredOAuth2 } from '../apis/api-config/stored-secrets.js';
import { Transactions } from '../audit/transactions.js';
import type { DomainSnapshotConfig } from '../domains/domain-snapshot.js';
import { loadDomainSnapshotConfig } from '../domains/domain-snapshot.repository.js';
import type { TenantConfig } from '../projections/compile-snapshot.js';
import type { ReleaseChange } from './diff-snapshots.js';

function withoutLast4({ clientSecretLast4: _shown, ...settings }: StoredOAuth2) {
  return settings;
}

/** Subscriptions whose plan version must stay in every snapshot. */
const liveStatuses: SubscriptionStatus[] = ['trialing', 'active', 'past_due'];

const planVersionFields = {
  planId: true,
  version: true,
  apiIds: true,
  rateLimitLimit: true,
  rateLimitWindowSeconds: true,
  rateLimitBurst: true,
  monthlyQuota: true,
  plan: { select: { name: true } },
} as const;

export interface ReleaseRow {
  version: number;
  kind: ConfigReleaseKind;
  createdBy: string;
  reason: string;
  rollbackOf: number | null;
  changes: ReleaseChange[];
  createdAt: Date;
  snapshot: ConfigSnapshot;
}

export interface NewRelease {
  tenantId: string;
  kind: ConfigReleaseKind;
  createdBy: string;
  reason: string;
  rollbackOf: number | null;
  changes: ReleaseChange[];
  snapshot: ConfigSnapshot;
}

const releaseSelect = {
  version: true,
  kind: true,
  createdBy: true,
  reason: true,
  rollbackOf: true,
  changes: true,
  createdAt: true,
  snapshot: true,
} as const;

type SelectedRelease = Prisma.ConfigVersionGetPayload<{ select: typeof releaseSelect }>;

function toRelease(row: SelectedRelease): ReleaseRow {
  return {
    ...row,
    changes: row.changes as unknown as ReleaseChange[],
    snapshot: configSnapshotSchema.parse(row.snapshot),
  };
}

/** The reads and the write of one release, inside a transaction that holds the tenant's release lock. */
export class ReleaseTransaction {
  constructor(
    private readonly tx: Prisma.TransactionClient,
    readonly tenantId: string,
  ) {}

  /** The tenant's current config: APIs, routes, targets, identity providers, and the plan versions a snapshot must carry. */
  async loadConfig(): Promise<TenantConfig> {
    const { tx, tenantId } = this;
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
        versionName: true,
        versionBy: true,
        versionDefault: true,
        policies: true,
        signingSecrets: true,
        upstreamTargets: { select: { url: true, weight: true } },
        routes: { select: { id: true, method: true, pathTemplate: true, policies: true } },
      },
    });
    const providers = await tx.identityProviders.findUnique({
      where: { tenantId },
      select: { jwt: true, oauth2: true },
    });
    const oauth2 = readOAuth2(providers?.oauth2);
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
      identityProviders: {
        jwt: providers?.jwt ?? null,
        oauth2: oauth2 === null ? null : withoutLast4(oauth2),
      },
      apis: apis.map((api) => ({
        ...api,
        signingSecrets: readSigningSecrets(api.signingSecrets).map((secret) => secret.sealed),
      })),
      planVersions: versions.map(({ plan, ...v }) => ({ ...v, name: plan.name })),
      domains: await this.domains(),
    };
  }

  /** The tenant's verified custom domains and certificates (also kept current by a rollback). */
  domains(): Promise<DomainSnapshotConfig> {
    return loadDomainSnapshotConfig(this.tx, this.tenantId);
  }

  /** Plan versions that live subscriptions use (a rollback must keep them), as snapshot plans. */
  async subscribedPlanVersions(): Promise<SnapshotPlan[]> {
    const versions = await this.tx.planVersion.findMany({
      where: { tenantId: this.tenantId, subscriptions: { some: { status: { in: liveStatuses } } } },
      select: planVersionFields,
    });
    return versions.map((v) => ({
      id: v.planId,
      version: v.version,
      name: v.plan.name,
      apiIds: [...v.apiIds].sort(),
      rateLimit:
        v.rateLimitLimit !== null && v.rateLimitWindowSeconds !== null && v.rateLimitBurst !== null
          ? { limit: v.rateLimitLimit, windowSeconds: v.rateLimitWindowSeconds, burst: v.rateLimitBurst }
          : null,
      monthlyQuota: v.monthlyQuota,
    }));
  }

  async latest(): Promise<ReleaseRow | null> {
    const row = await this.tx.configVersion.findFirst({
      where: { tenantId: this.tenantId },
      orderBy: { version: 'desc' },
      select: releaseSelect,
    });
    return row === null ? null : toRelease(row);
  }

  async find(version: number): Promise<ReleaseRow | null> {
    const row = await this.tx.configVersion.findUnique({
      where: { tenantId_version: { tenantId: this.tenantId, version } },
      select: releaseSelect,
    });
    return row === null ? null : toRelease(row);
  }

  async insert(release: NewRelease): Promise<void> {
    await this.tx.configVersion.create({
      data: {
        id: newId('configVersion'),
        tenantId: release.tenantId,
        version: release.snapshot.version,
        kind: release.kind,
        snapshot: release.snapshot as unknown as Prisma.InputJsonObject,
        createdBy: release.createdBy,
        reason: release.reason,
        rollbackOf: release.rollbackOf,
        changes: release.changes as unknown as Prisma.InputJsonArray,
      },
    });
  }
}

@Injectable()
export class ReleasesRepository {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly transactions: Transactions,
  ) {}

  /**
   * Runs `work` in a transaction holding the tenant's release lock (an advisory lock), so
   * releases of one tenant are serialised and a higher version never holds older config. It
   * joins the caller's transaction, so the release and its audit event commit together.
   */
  withReleaseLock<T>(tenantId: string, work: (release: ReleaseTransaction) => Promise<T>): Promise<T> {
    return this.transactions.run(async (tx) => {
      await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext(${`config:${tenantId}`}))`;
      return work(new ReleaseTransaction(tx, tenantId));
    });
  }

  /**
   * Reads outside a lock (list, show, preview). Inside the caller's transaction they join it, so
   * a preview sees changes not yet committed (the plan of a declarative apply).
   */
  read<T>(tenantId: string, work: (release: ReleaseTransaction) => Promise<T>): Promise<T> {
    if (this.transactions.active)
      return this.transactions.run((tx) => work(new ReleaseTransaction(tx, tenantId)));
    return this.prisma.$transaction((tx) => work(new ReleaseTransaction(tx, tenantId)));
  }

  async list(tenantId: string, take: number): Promise<Omit<ReleaseRow, 'snapshot'>[]> {
    const rows = await this.prisma.configVersion.findMany({
      where: { tenantId },
      orderBy: { version: 'desc' },
      take,
      select: { ...releaseSelect, snapshot: false },
    });
    return rows.map((row) => ({ ...row, changes: row.changes as unknown as ReleaseChange[] }));
  }

  /** Display names of the publishers (user ids; `system` has none). */
  async userNames(userIds: string[]): Promise<Map<string, string>> {
    const users = await this.prisma.user.findMany({
      where: { id: { in: [...new Set(userIds)] } },
      select: { id: true, name: true },
    });
    return new Map(users.map((u) => [u.id, u.name]));
  }

  async listTenantIds(): Promise<string[]> {
    const tenants = await this.prisma.tenant.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
    return tenants.map((t) => t.id);
  }
}
