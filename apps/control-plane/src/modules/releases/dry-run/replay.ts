import { type ConfigSnapshot, pipelineStages, type StageName } from '@tollgate/contracts';
import { catalog } from '@tollgate/errors';
import { denyStageOf } from '../../request-log/stage-path.js';
import type { DryRunAnswer as Answer, DryRunChange, DryRunReport } from '../releases.schemas.js';
import { type LimitCaller, type LimitCode, LimitSimulator } from './limit-simulator.js';
import { ReplayConfig, type ReplayRoute } from './replay-config.js';

/** One request-log row, as the dry run reads it. */
export interface RecordedRequest {
  requestId: string;
  atMs: number;
  method: string;
  path: string;
  apiVersion: string | null;
  apiId: string | null;
  routeId: string | null;
  keyId: string | null;
  consumerId: string | null;
  subscriptionId: string | null;
  environment: 'live' | 'test' | null;
  clientIp: string | null;
  status: number;
  denyCode: string | null;
  denyStage: string | null;
}

/** A subscription's plan version and billing period now (the key record's, as the gateway sees it). */
export interface SubscriptionTerms {
  planId: string;
  planVersion: number;
  period: { start: number; end: number } | null;
}

export type { DryRunReport };

export interface ReplayInput {
  live: ConfigSnapshot | null;
  candidate: ConfigSnapshot;
  window: { from: Date; to: Date };
  subscriptions: ReadonlyMap<string, SubscriptionTerms>;
  quotaSeed: ReadonlyMap<string, { periodStart: number; used: number }>;
}

const stageIndex = (stage: StageName) => pipelineStages.indexOf(stage);
const limitStage = stageIndex('limit');
const samplesPerChange = 5;
/** Limit-stage answers that depend on the moment (a Redis outage, a traffic spike), not on config. */
const situational = new Set(['capacity_unavailable', 'limits_unavailable']);

const answerOfCode = (code: string): Answer => ({
  status: (catalog as Record<string, { status: number }>)[code]?.status ?? null,
  code,
});
const forwarded: Answer = { status: null, code: null };
const sameAnswer = (a: Answer, b: Answer) => a.status === b.status && a.code === b.code;

function subjectOf(r: RecordedRequest): string {
  if (r.keyId !== null) return `key:${r.keyId}`;
  if (r.consumerId !== null) return `consumer:${r.consumerId}`;
  return `ip:${r.clientIp ?? ''}`;
}

/**
 * The release dry run: replays a window of recorded requests, oldest first, against the live
 * config and the candidate, and counts the requests whose answer would change. What it can
 * know from the log and the configs: routing (404s), the key's plan no longer covering the API
 * (403 `key_not_allowed`), and rate limits, API-wide limits and quotas simulated over the
 * recorded timestamps for both configs (so state before the window, equal for both, does not
 * show up as a change). Everything else (key state, upstream answers) is taken as recorded.
 */
export class Replay {
  private readonly live: ReplayConfig | null;
  private readonly next: ReplayConfig;
  private readonly oldLimits: LimitSimulator;
  private readonly newLimits: LimitSimulator;
  private readonly changes = new Map<string, ChangeAccumulator>();
  private readonly notFound = new Map<string, number>();
  private replayed = 0;

  constructor(private readonly input: ReplayInput) {
    this.live = input.live === null ? null : new ReplayConfig(input.live);
    this.next = new ReplayConfig(input.candidate);
    this.oldLimits = new LimitSimulator(input.quotaSeed);
    this.newLimits = new LimitSimulator(input.quotaSeed);
  }

  /** Requests must come oldest first. */
  add(r: RecordedRequest): void {
    this.replayed += 1;
    const before: Answer = { status: r.status, code: r.denyCode };
    const after = this.answerUnderCandidate(r, before);
    if (sameAnswer(before, after)) return;
    const key = `${before.status}|${before.code}|${after.status}|${after.code}`;
    let change = this.changes.get(key);
    if (change === undefined) {
      change = new ChangeAccumulator(before, after);
      this.changes.set(key, change);
    }
    change.add(r);
    if (after.code === 'route_not_found' && r.routeId !== null && before.code !== 'route_not_found')
      this.notFound.set(r.routeId, (this.notFound.get(r.routeId) ?? 0) + 1);
  }

  report(truncated: boolean): DryRunReport {
    const changes = [...this.changes.values()]
      .map((c) => c.result((routeId) => this.live?.route(routeId) ?? null))
      .sort((a, b) => b.requests - a.requests);
    const routesNowNotFound = [...this.notFound.entries()]
      .map(([routeId, requests]) => {
        const route = this.live?.route(routeId) ?? null;
        const name = route === null ? routeId : `${route.method} ${route.pathTemplate}`;
        return {
          routeId,
          method: route?.method ?? null,
          pathTemplate: route?.pathTemplate ?? null,
          requests,
          summary: `${name} would now answer 404 (${plural(requests, 'recorded request')})`,
        };
      })
      .sort((a, b) => b.requests - a.requests);
    return {
      window: { from: this.input.window.from.toISOString(), to: this.input.window.to.toISOString() },
      liveVersion: this.input.live?.version ?? null,
      candidateVersion: this.input.candidate.version,
      replayed: this.replayed,
      changed: changes.reduce((sum, c) => sum + c.requests, 0),
      truncated,
      changes,
      routesNowNotFound,
      summary: [...changes.map((c) => c.summary), ...routesNowNotFound.map((r) => r.summary)],
    };
  }

  /** The answer the candidate would give `r`, stage by stage; the recorded one where it cannot know better. */
  private answerUnderCandidate(r: RecordedRequest, before: Answer): Answer {
    const oldStage = r.denyCode === null ? null : denyStageOf(r.denyCode, r.denyStage);
    // Denied before routing, or for a reason the log cannot place: config cannot change it.
    if (r.denyCode !== null && (oldStage === null || oldStage === 'receive')) return before;
    const routed = this.next.resolve(r.method, r.path, r.apiVersion);
    if ('denyCode' in routed) {
      this.limitsOfLive(r, oldStage);
      return answerOfCode(routed.denyCode);
    }
    // It was not routed before: what the key and the upstream would say is not in the log.
    if (oldStage === 'resolve') return forwarded;

    const oldReachedLimit = this.limitsOfLive(r, oldStage);
    if (oldStage === 'authenticate') return before;
    const terms = r.subscriptionId === null ? null : (this.input.subscriptions.get(r.subscriptionId) ?? null);
    const keyed = r.keyId !== null && terms !== null;
    if (keyed && !this.next.planCovers(terms.planId, terms.planVersion, routed.apiId))
      return answerOfCode('key_not_allowed');
    if (oldStage === 'authorize') {
      // Only a plan that did not cover the API can be lifted by a config change.
      const liftable =
        r.denyCode === 'key_not_allowed' &&
        keyed &&
        r.apiId !== null &&
        !(this.live?.planCovers(terms.planId, terms.planVersion, r.apiId) ?? false);
      if (!liftable) return before;
    }
    if (r.denyCode !== null && situational.has(r.denyCode)) return before;

    const plan = terms === null ? null : this.next.plan(terms.planId, terms.planVersion);
    const decided = this.newLimits.decide(
      this.next.limits(routed, plan, r.environment),
      this.callerOf(r, routed, terms),
      r.atMs,
    );
    return this.limitAnswer(before, decided, oldReachedLimit);
  }

  /**
   * Feeds `r` to the live config's limit simulation when it reached the limit stage when it
   * was served; returns that simulated decision (`undefined`: it did not reach the limit stage).
   */
  private limitsOfLive(r: RecordedRequest, oldStage: StageName | null): LimitCode | null | undefined {
    const reached =
      (oldStage === null || stageIndex(oldStage) >= limitStage) &&
      !(r.denyCode !== null && situational.has(r.denyCode));
    if (!reached || this.live === null || r.apiId === null || r.routeId === null) return undefined;
    const route = { apiId: r.apiId, routeId: r.routeId };
    const terms = r.subscriptionId === null ? null : (this.input.subscriptions.get(r.subscriptionId) ?? null);
    const plan = terms === null ? null : this.live.plan(terms.planId, terms.planVersion);
    return this.oldLimits.decide(
      this.live.limits(route, plan, r.environment),
      this.callerOf(r, route, terms),
      r.atMs,
    );
  }

  private limitAnswer(before: Answer, decided: LimitCode | null, old: LimitCode | null | undefined): Answer {
    if (decided !== null) return old === decided ? before : answerOfCode(decided);
    // Admitted now: forwarded where a limit refused it then, or where a lifted plan check stopped it.
    const code = before.code;
    if (
      old !== null &&
      code !== null &&
      (isLimitCode(code) || (old === undefined && code === 'key_not_allowed'))
    )
      return forwarded;
    return before;
  }

  private callerOf(r: RecordedRequest, route: ReplayRoute, terms: SubscriptionTerms | null): LimitCaller {
    return {
      subject: subjectOf(r),
      routeId: route.routeId,
      apiId: route.apiId,
      subscriptionId: r.environment === 'live' ? r.subscriptionId : null,
      period: terms?.period ?? null,
    };
  }
}

function isLimitCode(code: string): boolean {
  return code === 'rate_limited' || code === 'api_rate_limited' || code === 'quota_exceeded';
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function spoken(answer: Answer): string {
  return answer.status === null ? 'forwarded to the upstream' : String(answer.status);
}

class ChangeAccumulator {
  private requests = 0;
  private readonly consumers = new Map<string | null, number>();
  private readonly routes = new Map<string | null, number>();
  private readonly samples: string[] = [];

  constructor(
    private readonly from: Answer,
    private readonly to: Answer,
  ) {}

  add(r: RecordedRequest): void {
    this.requests += 1;
    this.consumers.set(r.consumerId, (this.consumers.get(r.consumerId) ?? 0) + 1);
    this.routes.set(r.routeId, (this.routes.get(r.routeId) ?? 0) + 1);
    if (this.samples.length < samplesPerChange) this.samples.push(r.requestId);
  }

  result(routeOf: (routeId: string) => { method: string; pathTemplate: string } | null): DryRunChange {
    const consumers = [...this.consumers.keys()].filter((id) => id !== null).length;
    const who = consumers > 0 ? ` from ${plural(consumers, 'consumer')}` : '';
    const verb = this.to.status === null ? 'would have been' : 'would have got';
    return {
      from: this.from,
      to: this.to,
      requests: this.requests,
      consumers,
      summary: `${plural(this.requests, 'request')}${who} ${verb} ${spoken(this.to)} instead of ${spoken(this.from)}`,
      sampleRequestIds: this.samples,
      byConsumer: [...this.consumers.entries()]
        .map(([consumerId, requests]) => ({ consumerId, requests }))
        .sort((a, b) => b.requests - a.requests),
      byRoute: [...this.routes.entries()]
        .map(([routeId, requests]) => {
          const route = routeId === null ? null : routeOf(routeId);
          return {
            routeId,
            method: route?.method ?? null,
            pathTemplate: route?.pathTemplate ?? null,
            requests,
          };
        })
        .sort((a, b) => b.requests - a.requests),
    };
  }
}
