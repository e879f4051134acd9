import type { ConfigSnapshot, ConfigSnapshotInput } from '@tollgate/contracts';
import type { z } from 'zod';
import type { ReleaseProblem, releaseKindSchema } from './releases.schemas.js';

export type ReleaseKind = z.infer<typeof releaseKindSchema>;
export type { ReleaseProblem };

/** A version about to be published, as every check sees it. */
export interface ReleaseCandidate {
  tenantId: string;
  kind: ReleaseKind;
  /** The compiled document, not yet validated. */
  snapshot: ConfigSnapshotInput;
  /** The version live now (null before the first publish). */
  live: ConfigSnapshot | null;
  /** The tenant may use loopback/private upstreams. */
  allowPrivateUpstreams: boolean;
}

/** What a check found, and (for a check that has one) a report the release keeps. */
export interface ReleaseCheckResult {
  problems: ReleaseProblem[];
  report?: unknown;
}

/**
 * One step of the release gate, run in order at preview and at publish. A check reads the
 * candidate and reports problems; it never changes anything. The first is config validity
 * (`config-validity.check.ts`); the dry run against recorded traffic (`dry-run/`) comes after
 * it and also hands back its report, which preview shows and publish stores with the release.
 */
export interface ReleaseCheck {
  readonly name: string;
  run(
    candidate: ReleaseCandidate,
  ): ReleaseProblem[] | ReleaseCheckResult | Promise<ReleaseProblem[] | ReleaseCheckResult>;
}

/** DI token of the ordered `ReleaseCheck[]`. */
export const RELEASE_CHECKS = Symbol('RELEASE_CHECKS');

export interface ReleaseChecksOutcome {
  problems: ReleaseProblem[];
  /** Reports by check name. */
  reports: Map<string, unknown>;
}

/** Runs every check in order and collects what they found. */
export async function runReleaseChecks(
  checks: readonly ReleaseCheck[],
  candidate: ReleaseCandidate,
): Promise<ReleaseChecksOutcome> {
  const problems: ReleaseProblem[] = [];
  const reports = new Map<string, unknown>();
  for (const check of checks) {
    const result = await check.run(candidate);
    if (Array.isArray(result)) {
      problems.push(...result);
      continue;
    }
    problems.push(...result.problems);
    if (result.report !== undefined) reports.set(check.name, result.report);
  }
  return { problems, reports };
}
