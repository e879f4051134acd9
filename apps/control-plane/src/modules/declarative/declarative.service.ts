import { Injectable } from '@nestjs/common';
import { TollgateError } from '@tollgate/errors';
import { validationFailed } from '../../common/validation.js';
import { ApiConfigRepository } from '../apis/api-config/api-config.repository.js';
import { ApisService } from '../apis/apis.service.js';
import { Transactions } from '../audit/transactions.js';
import { PlansService } from '../plans/plans.service.js';
import { SnapshotPublisher } from '../projections/snapshot-publisher.service.js';
import { ReleaseService } from '../releases/release.service.js';
import { type Permission, roleHas } from '../tenancy/permissions.js';
import type { TenantAccess } from '../tenancy/tenant-access.js';
import { diffConfig, plansMissing, type ResourceChange } from './config-diff.js';
import type {
  ConfigApplied,
  ConfigApplyInput,
  ConfigDocument,
  ConfigPlan,
} from './config-document.schemas.js';
import { ConfigExecutor } from './config-executor.js';
import { documentOf, specFromDocument, specFromLive } from './config-spec.js';

/** A declarative apply runs many service calls (and the release checks) in one transaction. */
const applyTimeoutMs = 60_000;

/** Thrown to roll back a plan's trial apply, carrying what it learned. */
class TrialRolledBack extends Error {
  constructor(readonly release: NonNullable<ConfigPlan['release']>) {
    super('trial apply rolled back');
  }
}

/**
 * A tenant's config as one document (`tollgate export`/`plan`/`apply`): export reads it from the
 * services, plan says what an apply would change (by applying it in a transaction that is rolled
 * back, so the release diff is the real one), apply makes the changes through the services and
 * publishes them as one `manual` release with who and why, all in one transaction.
 */
@Injectable()
export class DeclarativeService {
  constructor(
    private readonly apis: ApisService,
    private readonly plans: PlansService,
    private readonly config: ApiConfigRepository,
    private readonly executor: ConfigExecutor,
    private readonly publisher: SnapshotPublisher,
    private readonly releases: ReleaseService,
    private readonly transactions: Transactions,
  ) {}

  async export(access: TenantAccess) {
    const live = await this.live(access);
    return documentOf(specFromLive(live.apis, live.plans), await this.config.tenantSlug(access.tenantId));
  }

  async plan(access: TenantAccess, document: ConfigDocument): Promise<ConfigPlan> {
    const liveVersion = await this.liveVersion(access.tenantId);
    const { live, desired, changes } = await this.compare(access, document);
    if (changes.length === 0) return { liveVersion, changes, release: null };
    try {
      await this.transactions.run(
        async () => {
          await this.executor.execute(access, document, live, desired);
          const preview = await this.releases.preview(access.tenantId);
          throw new TrialRolledBack({
            changes: preview.changes,
            problems: preview.problems,
            publishable: preview.publishable,
          });
        },
        { timeoutMs: applyTimeoutMs },
      );
    } catch (error) {
      if (error instanceof TrialRolledBack) return { liveVersion, changes, release: error.release };
      throw error;
    }
    throw new Error('unreachable: the trial apply always rolls back');
  }

  async apply(access: TenantAccess, input: ConfigApplyInput): Promise<ConfigApplied> {
    const liveVersion = await this.liveVersion(access.tenantId);
    const expected = input.expectedLiveVersion;
    if (expected !== undefined && expected !== liveVersion) throw stale(expected, liveVersion);
    const { live, desired, changes } = await this.compare(access, input.document);
    if (changes.length === 0) return { changes, release: null, liveVersion };
    this.require(access, changes);
    const release = await this.transactions.run(
      async () => {
        await this.executor.execute(access, input.document, live, desired);
        const published = await this.publisher.release(access.tenantId, {
          createdBy: access.userId,
          reason: input.reason,
          actor: access.actor,
        });
        // Under the release lock: a release published since the check above rolls all of this back.
        if (expected !== undefined && published.version !== (expected ?? 0) + 1)
          throw stale(expected, published.version - 1);
        return published;
      },
      { timeoutMs: applyTimeoutMs },
    );
    return {
      changes,
      release: { version: release.version, changes: release.changes, problems: release.problems },
      liveVersion: release.version,
    };
  }

  private async live(access: TenantAccess) {
    const [apis, plans] = await Promise.all([this.apis.list(access), this.plans.list(access)]);
    return { apis, plans };
  }

  private async liveVersion(tenantId: string): Promise<number | null> {
    return (await this.releases.list(tenantId, 1))[0]?.version ?? null;
  }

  /** The live config, the document's, and what differs; refuses a document of another tenant or one that drops a plan. */
  private async compare(access: TenantAccess, document: ConfigDocument) {
    const slug = await this.config.tenantSlug(access.tenantId);
    const problems = [];
    if (document.metadata.tenant !== undefined && document.metadata.tenant !== slug)
      problems.push({
        path: 'document.metadata.tenant',
        message: `This document is for tenant ${document.metadata.tenant}, not ${slug}`,
      });
    const live = await this.live(access);
    const current = specFromLive(live.apis, live.plans);
    const desired = specFromDocument(document);
    for (const name of plansMissing(current, desired))
      problems.push({
        path: 'document.plans',
        message: `Plan ${name} is missing: apply never deletes a plan (subscriptions use its versions); keep it in the document`,
      });
    if (problems.length > 0) throw validationFailed(problems);
    return { live, desired, changes: diffConfig(current, desired) };
  }

  /** Apply needs, besides publishing, the right to change what it changes (a developer cannot change plans). */
  private require(access: TenantAccess, changes: ResourceChange[]): void {
    const needed = new Set<Permission>(
      changes.map((c) => (c.resource === 'plan' ? 'plans.write' : 'apis.write')),
    );
    for (const permission of needed)
      if (!roleHas(access.role, permission))
        throw new TollgateError(
          'forbidden',
          `The ${access.role} role does not allow ${permission}, which this document's changes need.`,
        );
  }
}

function stale(expected: number | null, live: number | null): TollgateError {
  return new TollgateError(
    'live_version_changed',
    `The plan was made against version ${expected ?? 'none'}; version ${live ?? 'none'} is live now. Plan again.`,
    { expectedLiveVersion: expected, liveVersion: live },
  );
}
