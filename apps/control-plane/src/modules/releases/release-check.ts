import type { ConfigSnapshot, ConfigSnapshotInput } from '@tollgate/contracts';

export type ReleaseKind = 'auto' | 'manual' | 'rollback';

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

export interface ReleaseProblem {
  /** The check that found it. */
  check: string;
  /** `error` refuses the release (422 `invalid_release`); `warning` is shown and publishes. */
  severity: 'error' | 'warning';
  /** Where in the snapshot (`apis.0.upstream.url`), or empty. */
  path: string;
  message: string;
}

/**
 * One step of the release gate, run in order at preview and at publish. A check reads the
 * candidate and reports problems; it never changes anything. The first is config validity
 * (`config-validity.check.ts`); a dry run against recorded traffic (metering issue) is
 * another entry in the `RELEASE_CHECKS` list, so it runs before anything is published.
 */
export interface ReleaseCheck {
  readonly name: string;
  run(candidate: ReleaseCandidate): ReleaseProblem[] | Promise<ReleaseProblem[]>;
}

/** DI token of the ordered `ReleaseCheck[]`. */
export const RELEASE_CHECKS = Symbol('RELEASE_CHECKS');

/** Runs every check in order and collects what they found. */
export async function runReleaseChecks(
  checks: readonly ReleaseCheck[],
  candidate: ReleaseCandidate,
): Promise<ReleaseProblem[]> {
  const problems: ReleaseProblem[] = [];
  for (const check of checks) problems.push(...(await check.run(candidate)));
  return problems;
}
