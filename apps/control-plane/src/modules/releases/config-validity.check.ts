import { type ConfigSnapshot, configSnapshotSchema } from '@tollgate/contracts';
import { checkUpstreamUrl } from '@tollgate/upstream-guard';
import type { ReleaseCandidate, ReleaseCheck, ReleaseProblem } from './release-check.js';

const name = 'config-validity';

const paramSegment = /^\{[A-Za-z_][A-Za-z0-9_]*\}$/;
const literalSegment = /^[A-Za-z0-9._~!$&'()+,;=:@%-]+$/;

/**
 * Why a route template cannot be matched by the gateway, or null when it can: `/` then
 * non-empty segments, each a literal or a `{name}` parameter (names unique), and `*` only
 * as the last segment.
 */
export function routeTemplateProblem(template: string): string | null {
  if (!template.startsWith('/')) return 'must start with /';
  if (template === '/') return null;
  const segments = template.slice(1).split('/');
  const params = new Set<string>();
  for (const [index, segment] of segments.entries()) {
    if (segment === '') return 'has an empty segment';
    if (segment === '*') {
      if (index !== segments.length - 1) return '* may only be the last segment';
      continue;
    }
    if (segment.includes('{') || segment.includes('}')) {
      if (!paramSegment.test(segment)) return `segment ${segment} is not a {name} parameter`;
      if (params.has(segment)) return `parameter ${segment} appears twice`;
      params.add(segment);
      continue;
    }
    if (!literalSegment.test(segment)) return `segment ${segment} has characters a path cannot carry`;
  }
  return null;
}

function semanticProblems(snapshot: ConfigSnapshot, candidate: ReleaseCandidate): ReleaseProblem[] {
  const problems: ReleaseProblem[] = [];
  const error = (path: string, message: string) =>
    problems.push({ check: name, severity: 'error', path, message });
  const upstream = (path: string, url: string) => {
    const checked = checkUpstreamUrl(url, { allowPrivate: candidate.allowPrivateUpstreams });
    if (!checked.ok) error(path, `Upstream ${url} is refused (${checked.reason})`);
  };

  const basePaths = new Map<string, number>();
  for (const [i, api] of snapshot.apis.entries()) {
    const taken = basePaths.get(api.basePath);
    if (taken !== undefined)
      error(`apis.${i}.basePath`, `Base path ${api.basePath} is also used by apis.${taken}`);
    else basePaths.set(api.basePath, i);

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
    }
  }

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
 * and makes sense (unique base paths, parsable route templates, plans covering known APIs,
 * upstreams the SSRF guard accepts for this tenant).
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
