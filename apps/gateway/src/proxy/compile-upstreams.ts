import type { ConfigSnapshot, SnapshotApi } from '@tollgate/contracts';
import { checkUpstreamUrl, type UpstreamRefusal } from '@tollgate/upstream-guard';
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import type { UpstreamPools } from '../config/upstream-pools.js';
import { TargetState } from './target-state.js';
import { type GroupTarget, type ProxySettings, UpstreamGroup } from './upstream-group.js';

/** Compiles an API's live or sandbox upstream into an {@link UpstreamGroup}, once per snapshot. */
export interface UpstreamCompiler {
  compile(snapshot: ConfigSnapshot, api: SnapshotApi, kind: 'live' | 'sandbox'): UpstreamGroup | null;
}

export interface UpstreamCompilerOptions {
  pools: TargetSource;
  /** Tenant slugs allowed private upstreams by the gateway's environment (`*`: every tenant). */
  allowPrivateSlugs: readonly string[];
  logger: Logger;
}

export function allowsPrivateUpstreams(
  snapshot: ConfigSnapshot,
  allowPrivateSlugs: readonly string[],
): boolean {
  return (
    snapshot.policies.allowPrivateUpstreams ||
    allowPrivateSlugs.includes('*') ||
    allowPrivateSlugs.includes(snapshot.tenantSlug)
  );
}

function settingsOf(api: SnapshotApi): ProxySettings {
  const policies = api.policies;
  return {
    retries: policies.retries,
    responseTimeoutMs: policies.responseTimeoutMs ?? null,
    idleTimeoutMs: policies.idleTimeoutMs ?? null,
    compress: policies.compress,
    websocket: policies.websocket,
    cache: null,
  };
}

/** Where a compiler gets its pools and shared target states from. */
interface TargetSource {
  get(origin: string, allowPrivate: boolean): Dispatcher;
  target: UpstreamPools['target'];
}

/** For unit tests: every target on one dispatcher, fresh states, no health checks, nothing refused. */
export function fixedDispatcherCompiler(dispatcherFor: (origin: string) => Dispatcher): UpstreamCompiler {
  const source: TargetSource = {
    get: (origin) => dispatcherFor(origin),
    target: (owner, url, _allowPrivate, breaker) =>
      new TargetState(`${owner} ${url.href}`, dispatcherFor(url.origin), url.pathname, breaker, null),
  };
  return createUpstreamCompiler({
    pools: source,
    allowPrivateSlugs: ['*'],
    logger: { warn: () => {} } as unknown as Logger,
  });
}

export function createUpstreamCompiler(options: UpstreamCompilerOptions): UpstreamCompiler {
  return {
    compile(snapshot, api, kind) {
      const single = kind === 'live' ? api.upstream : api.sandboxUpstream;
      if (single === null) return null;
      const allowPrivate = allowsPrivateUpstreams(snapshot, options.allowPrivateSlugs);
      const policies = api.policies;
      const wanted =
        kind === 'live' && policies.targets !== undefined
          ? policies.targets
          : [{ url: single.url, weight: 1 }];
      const targets: GroupTarget[] = [];
      let refusal: UpstreamRefusal | null = null;
      wanted.forEach((wantedTarget, index) => {
        const check = checkUpstreamUrl(wantedTarget.url, { allowPrivate });
        if (!check.ok) {
          refusal = check.reason;
          // Logged once here, not per request; never the URL itself (it may hold credentials).
          options.logger.warn(
            {
              tenant: snapshot.tenantId,
              version: snapshot.version,
              api: api.id,
              kind,
              target: index,
              reason: check.reason,
            },
            'upstream target refused by the SSRF guard',
          );
          return;
        }
        const state = options.pools.target(
          `${snapshot.tenantId} ${api.id} ${kind}`,
          check.url,
          allowPrivate,
          policies.circuitBreaker,
          policies.healthCheck ?? null,
        );
        const pathname = check.url.pathname;
        targets.push({
          origin: check.url.origin,
          pathPrefix: pathname.endsWith('/') ? pathname.slice(0, -1) : pathname,
          dispatcher: options.pools.get(check.url.origin, allowPrivate),
          state,
          weight: wantedTarget.weight,
          currentWeight: 0,
        });
      });
      const settings = settingsOf(api);
      const routeSettings = new Map<string, ProxySettings>();
      for (const route of api.routes) {
        const overrides = route.policies;
        if (
          overrides.responseTimeoutMs === undefined &&
          overrides.idleTimeoutMs === undefined &&
          overrides.compress === undefined &&
          overrides.websocket === undefined &&
          overrides.cache === undefined
        )
          continue;
        routeSettings.set(route.id, {
          retries: settings.retries,
          responseTimeoutMs: overrides.responseTimeoutMs ?? settings.responseTimeoutMs,
          idleTimeoutMs: overrides.idleTimeoutMs ?? settings.idleTimeoutMs,
          compress: overrides.compress ?? settings.compress,
          websocket: overrides.websocket ?? settings.websocket,
          cache: overrides.cache ?? null,
        });
      }
      return new UpstreamGroup(targets, targets.length === 0 ? refusal : null, settings, routeSettings);
    },
  };
}
