import type { ResponseCache } from '@tollgate/contracts';
import type { UpstreamRefusal } from '@tollgate/upstream-guard';
import type { Dispatcher } from 'undici';
import type { TargetState } from './target-state.js';
import { pickWeighted, type Weighted } from './weighted-round-robin.js';

export interface GroupTarget extends Weighted {
  origin: string;
  /** Path of the target URL without its trailing slash (`''` for a bare origin). */
  pathPrefix: string;
  dispatcher: Dispatcher;
  state: TargetState;
}

/** Proxy settings of an API, or of one of its routes (route overrides merged in). */
export interface ProxySettings {
  /** Extra attempts on another target after a connect error (idempotent, bodiless requests). */
  retries: number;
  /** Null: the gateway default. */
  responseTimeoutMs: number | null;
  idleTimeoutMs: number | null;
  compress: boolean;
  /** WebSocket upgrades are proxied. */
  websocket: boolean;
  /** The route's response cache, or null (routes only). */
  cache: ResponseCache | null;
}

/**
 * Where an API's traffic (live, or sandbox) goes: its targets with their weights and
 * shared health, and its proxy settings, compiled once per snapshot. The balancer's
 * weights live here too, so each snapshot balances afresh over the targets it names.
 */
export class UpstreamGroup {
  constructor(
    readonly targets: GroupTarget[],
    /** Why the upstream was refused (SSRF guard) when no target is left; null otherwise. */
    readonly forbidden: UpstreamRefusal | null,
    readonly settings: ProxySettings,
    /** Settings of the routes that override the API's, by route id. */
    readonly routeSettings: ReadonlyMap<string, ProxySettings>,
  ) {}

  settingsFor(routeId: string | undefined): ProxySettings {
    return routeId === undefined ? this.settings : (this.routeSettings.get(routeId) ?? this.settings);
  }

  /** The next target by smooth weighted round robin among the available ones not yet tried. */
  pick(now: number, exclude: ReadonlySet<GroupTarget> | null): GroupTarget | null {
    const targets = this.targets;
    if (targets.length === 1 && exclude === null) {
      const only = targets[0]!;
      return only.state.available(now) ? only : null;
    }
    return pickWeighted(targets, (target) => target.state.available(now), exclude);
  }
}
