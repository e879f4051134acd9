import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type ConfigPublishedNotice,
  type ConfigSnapshot,
  configSnapshotSchema,
  redisChannels,
  redisKeys,
  type SnapshotPlan,
} from '@tollgate/contracts';
import { TollgateError } from '@tollgate/errors';
import type { Redis } from 'ioredis';
import { REDIS, REDIS_PREFIX } from '../../infra/tokens.js';
import { type AuditActor, systemActor } from '../audit/audit-actor.js';
import { AuditLog } from '../audit/audit-log.js';
import { Transactions } from '../audit/transactions.js';
import { domainPolicies } from '../domains/domain-snapshot.js';
import { buildSnapshot } from '../projections/compile-snapshot.js';
import { diffSnapshots } from './diff-snapshots.js';
import { dryRunReportOf, ReleaseDryRun } from './dry-run/release-dry-run.js';
import { GatewayHeartbeatsReader } from './gateway-heartbeats.reader.js';
import { PrivateUpstreamPolicy } from './private-upstreams.js';
import {
  RELEASE_CHECKS,
  type ReleaseCandidate,
  type ReleaseCheck,
  type ReleaseKind,
  runReleaseChecks,
} from './release-check.js';
import { type ReleaseRow, ReleasesRepository, type ReleaseTransaction } from './releases.repository.js';
import type {
  DryRunReport,
  GatewayServing,
  PublishedRelease,
  ReleaseDetailOutput,
  ReleaseOutput,
  ReleasePreview,
} from './releases.schemas.js';

/** Moves the live version forward only: a late, older publish never hides a newer one. */
const setIfGreater = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1]) return 1 end
return 0`;

export interface ReleaseMeta {
  /** User id of the publisher, or `system`. */
  createdBy: string;
  reason: string;
  /** Who, for the audit event; left out: the user `createdBy` (or the system), without request. */
  actor?: AuditActor;
}

function actorOf(meta: ReleaseMeta): AuditActor {
  if (meta.actor) return meta.actor;
  return meta.createdBy === 'system' ? systemActor : { ...systemActor, type: 'user', id: meta.createdBy };
}

export type { PublishedRelease };

/** A release as the API shows it; `live` is the tenant's newest version. */
function releaseOutput(
  row: Omit<ReleaseRow, 'snapshot'>,
  live: number | null,
  names: Map<string, string>,
): ReleaseOutput {
  return {
    version: row.version,
    kind: row.kind,
    live: row.version === live,
    publishedBy: { id: row.createdBy, name: names.get(row.createdBy) ?? row.createdBy },
    reason: row.reason,
    rollbackOf: row.rollbackOf,
    createdAt: row.createdAt.toISOString(),
    changes: row.changes,
  };
}

/** Plan versions keyed `id@version`, later lists winning. */
function mergePlans(...lists: SnapshotPlan[][]): SnapshotPlan[] {
  const merged = new Map<string, SnapshotPlan>();
  for (const list of lists) for (const plan of list) merged.set(`${plan.id}@${plan.version}`, plan);
  return [...merged.values()].sort((a, b) => (a.id === b.id ? a.version - b.version : a.id < b.id ? -1 : 1));
}

/**
 * The one path a config version takes to the gateways: compile (or, for a rollback, take an
 * older version's routing and policies), run the release checks, store the immutable
 * version with who, why and the diff against the live one, then mark it live in Redis and
 * tell every gateway. The live version is the newest one: versions only move forward.
 */
@Injectable()
export class ReleaseService {
  private readonly logger = new Logger(ReleaseService.name);

  constructor(
    private readonly releases: ReleasesRepository,
    private readonly heartbeats: GatewayHeartbeatsReader,
    private readonly privateUpstreams: PrivateUpstreamPolicy,
    private readonly dryRun: ReleaseDryRun,
    private readonly audit: AuditLog,
    private readonly transactions: Transactions,
    @Inject(RELEASE_CHECKS) private readonly checks: readonly ReleaseCheck[],
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
  ) {}

  /** What publishing the tenant's current config would change, and what the checks say. */
  async preview(tenantId: string): Promise<ReleasePreview> {
    return this.releases.read(tenantId, async (tx) => {
      const live = await tx.latest();
      const candidate = await this.compileCandidate(tx, 'manual', live);
      const { problems, reports } = await runReleaseChecks(this.checks, candidate);
      const parsed = configSnapshotSchema.safeParse(candidate.snapshot);
      return {
        liveVersion: live?.version ?? null,
        changes: parsed.success ? diffSnapshots(live?.snapshot ?? null, parsed.data) : [],
        problems,
        publishable: !problems.some((p) => p.severity === 'error'),
        dryRun: dryRunReportOf(reports),
      };
    });
  }

  /** Compiles the tenant's current config and publishes it; 422 `invalid_release` when a check fails. */
  async publish(
    tenantId: string,
    meta: ReleaseMeta,
    kind: 'auto' | 'manual' = 'manual',
  ): Promise<PublishedRelease> {
    const published = await this.publishUnless(tenantId, meta, kind, () => false);
    if (published === null) throw new Error('unreachable: an unconditional publish was skipped');
    return published;
  }

  /**
   * Publishes unless the newest version already carries `plan` (its id and version): for a change
   * about to make key records name that plan version, run inside the change's transaction so the
   * compile sees it. Checked under the release lock, which the transaction then holds: no other
   * publish can drop the version between this check and the commit. Null when nothing was
   * published; `invalid_release` rolls the change back.
   */
  async publishUnlessCarried(
    tenantId: string,
    plan: { id: string; version: number },
    meta: ReleaseMeta,
  ): Promise<PublishedRelease | null> {
    return this.publishUnless(tenantId, meta, 'auto', (live) =>
      live.snapshot.plans.some((p) => p.id === plan.id && p.version === plan.version),
    );
  }

  /** Compiles and publishes the tenant's config, unless `enough` says the live version will do. */
  private async publishUnless(
    tenantId: string,
    meta: ReleaseMeta,
    kind: 'auto' | 'manual',
    enough: (live: ReleaseRow) => boolean,
  ): Promise<PublishedRelease | null> {
    const published = await this.releases.withReleaseLock(tenantId, async (tx) => {
      const live = await tx.latest();
      if (live !== null && enough(live)) return null;
      const candidate = await this.compileCandidate(tx, kind, live);
      return this.store(tx, candidate, live, meta, null);
    });
    if (published !== null) await this.afterStored(tenantId, published, meta);
    return published;
  }

  /**
   * Republishes version `version`'s routing and policies as a new version. Its plans are
   * kept, plus every plan version a live subscription uses now, so no key is stranded.
   */
  async rollback(tenantId: string, version: number, meta: ReleaseMeta): Promise<PublishedRelease> {
    const published = await this.releases.withReleaseLock(tenantId, async (tx) => {
      const target = await tx.find(version);
      if (target === null)
        throw new TollgateError('not_found', `No config version ${version} in this tenant.`);
      const live = await tx.latest();
      const slug = target.snapshot.tenantSlug;
      const allowPrivateUpstreams = this.privateUpstreams.allows(slug);
      const candidate: ReleaseCandidate = {
        tenantId,
        kind: 'rollback',
        live: live?.snapshot ?? null,
        allowPrivateUpstreams,
        snapshot: {
          ...target.snapshot,
          version: (live?.version ?? 0) + 1,
          createdAt: new Date().toISOString(),
          plans: mergePlans(target.snapshot.plans, await tx.subscribedPlanVersions()),
          // Who may reach private upstreams, and which domains and certificates are served (a
          // deleted domain or replaced key must not come back), is decided now, not when the old version was made.
          policies: {
            ...target.snapshot.policies,
            allowPrivateUpstreams,
            ...domainPolicies(await tx.domains()),
          },
        },
      };
      return this.store(tx, candidate, live, meta, version);
    });
    await this.afterStored(tenantId, published, meta);
    return published;
  }

  async list(tenantId: string, take = 100): Promise<ReleaseOutput[]> {
    const rows = await this.releases.list(tenantId, take);
    const names = await this.releases.userNames(rows.map((r) => r.createdBy));
    const live = rows[0]?.version ?? null;
    return rows.map((row) => releaseOutput(row, live, names));
  }

  async show(tenantId: string, version: number): Promise<ReleaseDetailOutput> {
    const row = await this.releases.read(tenantId, async (tx) => ({
      release: await tx.find(version),
      live: (await tx.latest())?.version ?? null,
    }));
    if (row.release === null)
      throw new TollgateError('not_found', `No config version ${version} in this tenant.`);
    const { release } = row;
    const names = await this.releases.userNames([release.createdBy]);
    return {
      ...releaseOutput(release, row.live, names),
      dryRun: await this.dryRun.stored(tenantId, release.version),
      snapshot: release.snapshot,
    };
  }

  /** Which version each live gateway process serves for the tenant (from their heartbeats). */
  liveGateways(tenantId: string): Promise<GatewayServing[]> {
    return this.heartbeats.forTenant(tenantId);
  }

  /** Publishes a fresh version for every tenant (e.g. after a snapshot format change). */
  async publishAll(meta: ReleaseMeta): Promise<number> {
    const tenantIds = await this.releases.listTenantIds();
    for (const tenantId of tenantIds) await this.publish(tenantId, meta, 'auto');
    return tenantIds.length;
  }

  private async compileCandidate(
    tx: ReleaseTransaction,
    kind: ReleaseKind,
    live: ReleaseRow | null,
  ): Promise<ReleaseCandidate> {
    const config = await tx.loadConfig();
    const allowPrivateUpstreams = this.privateUpstreams.allows(config.tenant.slug);
    return {
      tenantId: config.tenant.id,
      kind,
      live: live?.snapshot ?? null,
      allowPrivateUpstreams,
      snapshot: buildSnapshot(config, {
        version: (live?.version ?? 0) + 1,
        createdAt: new Date(),
        allowPrivateUpstreams,
      }),
    };
  }

  /** Runs the checks and stores the version; throws `invalid_release` (nothing stored) on an error. */
  private async store(
    tx: ReleaseTransaction,
    candidate: ReleaseCandidate,
    live: ReleaseRow | null,
    meta: ReleaseMeta,
    rollbackOf: number | null,
  ): Promise<PublishedRelease> {
    const { problems, reports } = await runReleaseChecks(this.checks, candidate);
    const parsed = configSnapshotSchema.safeParse(candidate.snapshot);
    if (problems.some((p) => p.severity === 'error') || !parsed.success)
      throw new TollgateError('invalid_release', undefined, { problems });
    const snapshot: ConfigSnapshot = parsed.data;
    const changes = diffSnapshots(live?.snapshot ?? null, snapshot);
    await tx.insert({
      tenantId: candidate.tenantId,
      kind: candidate.kind,
      createdBy: meta.createdBy,
      reason: meta.reason,
      rollbackOf,
      changes,
      snapshot,
    });
    await this.audit.record({
      tenantId: candidate.tenantId,
      actor: actorOf(meta),
      action: rollbackOf === null ? 'release.published' : 'release.rolled_back',
      target: { type: 'config_version', id: String(snapshot.version) },
      before: live === null ? null : { version: live.version },
      after: {
        version: snapshot.version,
        kind: candidate.kind,
        reason: meta.reason,
        rollbackOf,
        changes: changes.length,
      },
    });
    return { version: snapshot.version, changes, problems, dryRun: dryRunReportOf(reports) };
  }

  /**
   * What publishing the tenant's current config would change for the requests recorded in
   * `window` (the dry run alone, for the release screen). The candidate is compiled as preview
   * compiles it; the replay runs outside the read transaction.
   */
  async dryRunNow(tenantId: string, window: { from: Date; to: Date }): Promise<DryRunReport> {
    const { live, candidate } = await this.releases.read(tenantId, async (tx) => {
      const latest = await tx.latest();
      return { live: latest?.snapshot ?? null, candidate: await this.compileCandidate(tx, 'manual', latest) };
    });
    const parsed = configSnapshotSchema.safeParse(candidate.snapshot);
    if (!parsed.success) {
      const problems = (await runReleaseChecks(this.checks, candidate)).problems;
      throw new TollgateError('invalid_release', undefined, { problems });
    }
    return this.dryRun.replay(tenantId, live, parsed.data, window);
  }

  /**
   * Once the release is committed (at once, unless the caller's transaction holds it): its dry
   * run stored, then the gateways told. A gateway reads the version from Postgres, so it must not
   * hear of one that is not committed (or that rolls back).
   */
  private afterStored(tenantId: string, published: PublishedRelease, meta: ReleaseMeta): Promise<void> {
    return this.transactions.afterCommit(async () => {
      await this.keepDryRun(tenantId, published);
      await this.announce(tenantId, published.version, meta.reason);
    });
  }

  /** Stores the dry run with its release, once the release is committed. */
  private async keepDryRun(tenantId: string, published: PublishedRelease): Promise<void> {
    if (published.dryRun !== null) await this.dryRun.store(tenantId, published.version, published.dryRun);
  }

  private async announce(tenantId: string, version: number, reason: string): Promise<void> {
    await this.redis.eval(setIfGreater, 1, redisKeys.liveConfigVersion(this.prefix, tenantId), version);
    const notice: ConfigPublishedNotice = { tenantId, version };
    await this.redis.publish(redisChannels.configPublished(this.prefix), JSON.stringify(notice));
    this.logger.log({ tenantId, version, reason }, 'config published');
  }
}
