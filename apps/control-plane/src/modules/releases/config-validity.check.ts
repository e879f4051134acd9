import { type AuthMode, type ConfigSnapshot, configSnapshotSchema } from '@tollgate/contracts';
import { checkUpstreamUrl } from '@tollgate/upstream-guard';
import type { ReleaseCandidate, ReleaseCheck, ReleaseProblem } from './release-check.js';
import { routeTemplateProblem } from './route-template.js';

const name = 'config-validity';

/**
 * APIs sharing a base path must be versions of it: distinct version names (an unversioned API
 * counts as the empty name) and at most one that serves requests naming no version (the one
 * marked default, or the unversioned one), else the gateway would pick one silently.
 */
function versionProblems(apis: ConfigSnapshot['apis'], error: (path: string, message: string) => void): void {
  const byBasePath = new Map<string, number[]>();
  for (const [i, api] of apis.entries())
    byBasePath.set(api.basePath, [...(byBasePath.get(api.basePath) ?? []), i]);
  for (const [basePath, indexes] of byBasePath) {
    const names = new Map<string, number>();
    let fallback: number | undefined;
    for (const i of indexes) {
      const version = apis[i]!.policies.version;
      const name = version?.name ?? '';
      const taken = names.get(name);
      if (taken !== undefined) {
        if (version)
          error(`apis.${i}.policies.version.name`, `Version ${name} of ${basePath} is also apis.${taken}`);
        else error(`apis.${i}.basePath`, `Base path ${basePath} is also used by apis.${taken}`);
        continue;
      }
      names.set(name, i);
      if (version && !version.default) continue;
      if (fallback !== undefined)
        error(
          `apis.${i}.policies.version.default`,
          `Requests to ${basePath} naming no version would go to apis.${fallback} or apis.${i}: mark one default`,
        );
      else fallback = i;
    }
  }
}

function semanticProblems(snapshot: ConfigSnapshot, candidate: ReleaseCandidate): ReleaseProblem[] {
  const problems: ReleaseProblem[] = [];
  const error = (path: string, message: string) =>
    problems.push({ check: name, severity: 'error', path, message });
  const upstream = (path: string, url: string) => {
    const checked = checkUpstreamUrl(url, { allowPrivate: candidate.allowPrivateUpstreams });
    if (!checked.ok) error(path, `Upstream ${url} is refused (${checked.reason})`);
  };

  const providers = snapshot.policies.auth;
  if (providers?.jwt) upstream('policies.auth.jwt.jwksUrl', providers.jwt.jwksUrl);
  if (providers?.oauth2) upstream('policies.auth.oauth2.introspectionUrl', providers.oauth2.introspectionUrl);
  const authMode = (path: string, mode: AuthMode | undefined) => {
    if ((mode === 'jwt' && !providers?.jwt) || (mode === 'oauth2' && !providers?.oauth2))
      error(path, `Auth mode ${mode} needs the tenant's ${mode === 'jwt' ? 'JWT' : 'OAuth2'} provider`);
  };

  for (const [i, api] of snapshot.apis.entries()) {
    authMode(`apis.${i}.policies.auth.mode`, api.policies.auth?.mode);
    upstream(`apis.${i}.upstream.url`, api.upstream.url);
    if (api.sandboxUpstream) upstream(`apis.${i}.sandboxUpstream.url`, api.sandboxUpstream.url);
    for (const [t, target] of (api.policies.targets ?? []).entries())
      upstream(`apis.${i}.policies.targets.${t}.url`, target.url);

    const routes = new Set<string>();
    for (const [r, route] of api.routes.entries()) {
      const problem = routeTemplateProblem(route.pathTemplate);
      if (problem)
        error(`apis.${i}.routes.${r}.pathTemplate`, `Route template ${route.pathTemplate} ${problem}`);
      const key = `${route.method} ${route.pathTemplate}`;
      if (routes.has(key)) error(`apis.${i}.routes.${r}`, `Route ${key} is declared twice on ${api.name}`);
      routes.add(key);
      authMode(`apis.${i}.routes.${r}.policies.auth.mode`, route.policies.auth?.mode);
    }
  }
  versionProblems(snapshot.apis, error);

  const apiIds = new Set(snapshot.apis.map((api) => api.id));
  for (const [p, plan] of snapshot.plans.entries()) {
    for (const apiId of plan.apiIds) {
      if (apiIds.has(apiId)) continue;
      // A rollback carries plan versions that live subscriptions use; one may cover an API the
      // older routing lacks: its keys get route_not_found there, which the provider should know.
      problems.push({
        check: name,
        severity: candidate.kind === 'rollback' ? 'warning' : 'error',
        path: `plans.${p}.apiIds`,
        message: `Plan ${plan.name} (version ${plan.version}) covers an API that is not in this release (${apiId})`,
      });
    }
  }
  return problems;
}

/**
 * The first release check: the snapshot is one the gateway can load (the contract's schema)
 * and makes sense (base paths shared only by distinct versions, parsable route templates, auth
 * modes whose identity provider is set, plans covering known APIs, upstreams and identity
 * provider URLs the SSRF guard accepts for this tenant).
 */
export const configValidityCheck: ReleaseCheck = {
  name,
  run(candidate) {
    const parsed = configSnapshotSchema.safeParse(candidate.snapshot);
    if (!parsed.success)
      return parsed.error.issues.map((issue) => ({
        check: name,
        severity: 'error',
        path: issue.path.map(String).join('.'),
        message: issue.message,
      }));
    return semanticProblems(parsed.data, candidate);
  },
};
