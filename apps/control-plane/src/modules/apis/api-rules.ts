import type { ApiVersion } from '@tollgate/contracts';
import type { FieldError } from '../../common/validation.js';

/** The version columns of an API (`versionName` empty: unversioned). */
export function versionColumns(version: ApiVersion | null | undefined) {
  return {
    versionName: version?.name ?? '',
    versionBy: version?.by ?? null,
    versionDefault: version?.default ?? false,
  };
}

interface VersionedApi {
  name: string;
  versionName: string;
  versionDefault: boolean;
}

const servesUnnamed = (api: Pick<VersionedApi, 'versionName' | 'versionDefault'>) =>
  api.versionName === '' || api.versionDefault;

/**
 * Why `api` cannot join the other APIs on its base path, or null: each version once, and at
 * most one API (the default version, or the unversioned one) serving requests that name no
 * version. The same rule as the release check, told when saving rather than at publish.
 */
export function versionConflict(api: Omit<VersionedApi, 'name'>, siblings: VersionedApi[]): string | null {
  const same = siblings.find((s) => s.versionName === api.versionName);
  if (same)
    return api.versionName === ''
      ? `API ${same.name} already uses this base path: give one of them a version`
      : `API ${same.name} already is version ${api.versionName} of this base path`;
  const fallback = servesUnnamed(api) ? siblings.find(servesUnnamed) : undefined;
  if (fallback)
    return `API ${fallback.name} already serves the requests on this base path that name no version: only one may`;
  return null;
}

/**
 * Targets must share the upstream URL's path (the signature covers the first one's path, and
 * a rewrite is applied below it): one field error per target that does not.
 */
export function targetPathProblems(
  upstreamUrl: string,
  targets: Array<{ path: string; url: string }>,
): FieldError[] {
  const expected = new URL(upstreamUrl).pathname;
  return targets
    .filter((t) => new URL(t.url).pathname !== expected)
    .map((t) => ({
      path: t.path,
      message: `Target ${t.url} must use the path of the API's upstream URL (${expected})`,
    }));
}
