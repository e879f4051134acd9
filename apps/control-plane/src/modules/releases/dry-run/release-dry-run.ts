import { Injectable } from '@nestjs/common';
import { type ConfigSnapshot, configSnapshotSchema } from '@tollgate/contracts';
import type { ReleaseCandidate, ReleaseCheck, ReleaseCheckResult } from '../release-check.js';
import { DryRunRepository } from './dry-run.repository.js';
import { type DryRunReport, Replay } from './replay.js';

/** The window replayed when none is given: the last 24 hours. */
const defaultDryRunWindowMs = 24 * 3_600_000;
/** Requests replayed at most; a busier window is replayed from its start up to this many. */
const maxRequests = 200_000;
const pageSize = 5_000;
const dryRunCheckName = 'dry-run';
/** Changes shown as release warnings (the report holds them all). */
const warningsShown = 10;

/**
 * The release dry run: the tenant's recorded requests of a window replayed against the live
 * config and the candidate (see `replay.ts`). As a release check it runs at preview and at
 * publish over the last 24 hours, reports what would change as warnings, and hands back the
 * report the release stores. Automatic releases (a config edit publishing itself) skip it.
 */
@Injectable()
export class ReleaseDryRun implements ReleaseCheck {
  readonly name = dryRunCheckName;

  constructor(private readonly repository: DryRunRepository) {}

  async run(candidate: ReleaseCandidate): Promise<ReleaseCheckResult> {
    const parsed = configSnapshotSchema.safeParse(candidate.snapshot);
    // An invalid candidate is config validity's to report; nothing to replay it against.
    if (candidate.kind === 'auto' || !parsed.success) return { problems: [] };
    const to = new Date();
    const report = await this.replay(candidate.tenantId, candidate.live, parsed.data, {
      from: new Date(to.getTime() - defaultDryRunWindowMs),
      to,
    });
    const problems = report.summary.slice(0, warningsShown).map((message) => ({
      check: this.name,
      severity: 'warning' as const,
      path: '',
      message,
    }));
    return { problems, report };
  }

  async replay(
    tenantId: string,
    live: ConfigSnapshot | null,
    candidate: ConfigSnapshot,
    window: { from: Date; to: Date },
  ): Promise<DryRunReport> {
    const [subscriptions, quotaSeed] = await Promise.all([
      this.repository.subscriptions(tenantId),
      this.repository.quotaUsedBefore(tenantId, window.from),
    ]);
    const replay = new Replay({ live, candidate, window, subscriptions, quotaSeed });
    let count = 0;
    let truncated = false;
    for await (const page of this.repository.requests(tenantId, window.from, window.to, pageSize)) {
      for (const request of page) {
        if (count === maxRequests) {
          truncated = true;
          break;
        }
        replay.add(request);
        count += 1;
      }
      if (truncated) break;
    }
    return replay.report(truncated);
  }

  store(tenantId: string, version: number, report: DryRunReport): Promise<void> {
    return this.repository.store(tenantId, version, report);
  }

  /** The dry run stored with a release, or null. */
  stored(tenantId: string, version: number): Promise<DryRunReport | null> {
    return this.repository.stored(tenantId, version);
  }
}

/** The dry run's report among a release's check reports, or null when it did not run. */
export function dryRunReportOf(reports: ReadonlyMap<string, unknown>): DryRunReport | null {
  return (reports.get(dryRunCheckName) as DryRunReport | undefined) ?? null;
}
